package dev.mmwal.cli.demo;

import dev.mmwal.RecoveryReport;
import dev.mmwal.cli.Units;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The demo's results, as a summary a person can read and as JSON. */
record DemoReport(Path directory, String logDescription, String syncCall, Workload.Result workload, CrashRun.Outcome crash, double costWeight) {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final double[] TAIL = {90, 99, 99.9};

    boolean passed() {
        return crash.acknowledged() > 0 && crash.lost() == 0;
    }

    void printText(final PrintWriter out, final String command) {
        final Workload.Result w = workload;
        final Workload.Metrics est = w.estimates();
        final Workload.Metrics totals = w.totals();
        final double seconds = w.elapsedNanos() / 1e9;
        out.println();
        out.println("Summary");
        row(out, "commits/s", Units.decimal(w.commitsPerSecond()), String.format(Locale.ROOT, "%s transactions (%s records, %s of log) in %.1f s by %d threads",
            Units.count(w.commits()), Units.count(w.records()), Units.bytes(totals.bytesSynced()), seconds, w.threads()));
        row(out, "commit latency", "p50 " + Units.nanos(w.latency().getValueAtPercentile(50)), percentiles(w.latency()));
        row(out, "", "", "(from appending the COMMIT until it is durable; every commit, in an HdrHistogram)");
        row(out, "batches", Units.decimal(totals.commitsPerSync()), String.format(Locale.ROOT, "commits (%s records) per sync on average, %s syncs/s",
            Units.decimal(totals.recordsPerSync()), Units.decimal(totals.syncs() / seconds)));
        row(out, "L", Units.nanos(est.syncLatencyNanos()), "sync latency: what one " + syncCall + " costs, the flusher's moving average at the end"
            + " (mean over the run: " + Units.nanos(totals.meanSyncNanos()) + ")");
        row(out, "lambda", Units.decimal(est.arrivalsPerSecond()) + "/s", "commit arrival rate, moving average at the end (mean over the run: "
            + Units.decimal(w.commitsPerSecond()) + "/s)");
        row(out, "N*", Units.decimal(est.targetBatch()), String.format(Locale.ROOT,
            "= sqrt(2*L*lambda/C), C = %.1f: the batch that balances one sync's cost against commits waiting for it", costWeight));
        row(out, "crash", crash.exitCode() == 137 ? "SIGKILL" : "exit " + crash.exitCode(), String.format(Locale.ROOT,
            "child JVM pid %d killed after %.1f s of load, having acknowledged %s commits", crash.childPid(), crash.loadNanos() / 1e9,
            Units.count(crash.acknowledged())));
        row(out, "recovery", Units.nanos(crash.reopenNanos()), "to reopen the log after the kill: " + describe(crash.recovery()));
        row(out, "verified", Units.count(crash.verified()) + "/" + Units.count(crash.acknowledged()), String.format(Locale.ROOT,
            "acknowledged commits found byte-exact (%s records compared)", Units.count(crash.recordsChecked())));
        out.println();
        if (passed()) {
            out.println("Result: every acknowledged commit survived the SIGKILL.");
        } else {
            out.println("Result: FAILED: " + (crash.acknowledged() == 0 ? "the child acknowledged no commit"
                : Units.count(crash.lost()) + " acknowledged commit(s) lost or damaged"));
            crash.failures().forEach(failure -> out.println("  - " + failure));
        }
        out.println();
        explain(out, est, totals, seconds);
        out.println();
        out.println("The log is in " + directory + "; look inside with:");
        out.println("  " + command + " stats " + directory);
        out.println("  " + command + " verify " + directory);
        out.println("  " + command + " dump " + directory + " --type COMMIT -n 5");
    }

    private void explain(final PrintWriter out, final Workload.Metrics est, final Workload.Metrics totals, final double seconds) {
        final double syncsPerSecond = totals.syncs() / seconds;
        out.println("What this shows: each commit waited for an " + syncCall + ", so it survives a crash or a power loss.");
        out.println(String.format(Locale.ROOT, "A sync took %s on average. Group commit let one sync carry %s commits on average, so %s commits/s",
            Units.nanos(totals.meanSyncNanos()), Units.decimal(totals.commitsPerSync()), Units.decimal(workload.commitsPerSecond())));
        out.println(String.format(Locale.ROOT, "needed only %s syncs/s. About %.1f commits arrive while one sync runs (commits/s x mean sync time).",
            Units.decimal(syncsPerSecond), totals.meanSyncNanos() / 1e9 * workload.commitsPerSecond()));
        out.println(String.format(Locale.ROOT, "The policy aims at N* = %s, capped by the largest recent batch: each of the %d threads has one commit",
            Units.decimal(est.targetBatch()), workload.threads()));
        out.println(String.format(Locale.ROOT, "in flight, so no batch exceeds %d.", workload.threads()));
        out.println("Then a second JVM committed under the same load and was killed with SIGKILL mid-flight; reopening the log");
        out.println("recovered it, and every commit that JVM had acknowledged was read back intact.");
    }

    private static String describe(final RecoveryReport report) {
        final long truncated = report.truncated().stream().mapToLong(r -> r.to() - r.from()).sum();
        return String.format(Locale.ROOT, "recovery scanned lsn [%d, %d) in %s, %s records%s", report.scanStartLsn(), report.endLsn(),
            Units.nanos(report.durationNanos()), Units.count(report.records()),
            report.truncated().isEmpty() ? ", nothing to truncate"
                : ", truncated " + report.truncated().size() + " torn range(s), " + Units.bytes(truncated) + " never acknowledged");
    }

    private static String percentiles(final Histogram latency) {
        final StringBuilder text = new StringBuilder();
        for (final double percentile : TAIL) {
            text.append(label(percentile)).append(' ').append(Units.nanos(latency.getValueAtPercentile(percentile))).append(", ");
        }
        return text.append("max ").append(Units.nanos(latency.getMaxValue())).toString();
    }

    /** {@code 50} as {@code "p50"}, {@code 99.9} as {@code "p99.9"}. */
    private static String label(final double percentile) {
        return "p" + (percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile));
    }

    private static void row(final PrintWriter out, final String name, final String value, final String meaning) {
        out.println(String.format(Locale.ROOT, "  %-15s %-14s %s", name, value, meaning).stripTrailing());
    }

    Map<String, Object> toJson() {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("dir", directory.toString());
        json.put("log", logDescription);
        json.put("passed", passed());
        final Map<String, Object> load = new LinkedHashMap<>();
        load.put("threads", workload.threads());
        load.put("seconds", workload.elapsedNanos() / 1e9);
        load.put("commits", workload.commits());
        load.put("records", workload.records());
        load.put("commitsPerSecond", workload.commitsPerSecond());
        final Map<String, Object> latency = new LinkedHashMap<>();
        for (final double percentile : PERCENTILES) {
            latency.put(label(percentile) + "Nanos", workload.latency().getValueAtPercentile(percentile));
        }
        latency.put("maxNanos", workload.latency().getMaxValue());
        latency.put("meanNanos", workload.latency().getMean());
        load.put("commitLatency", latency);
        load.put("syncs", workload.totals().syncs());
        load.put("bytesSynced", workload.totals().bytesSynced());
        load.put("commitsPerSync", workload.totals().commitsPerSync());
        load.put("recordsPerSync", workload.totals().recordsPerSync());
        load.put("syncLatencyNanos", workload.estimates().syncLatencyNanos());
        load.put("meanSyncNanos", workload.totals().meanSyncNanos());
        load.put("arrivalsPerSecond", workload.estimates().arrivalsPerSecond());
        load.put("targetBatch", workload.estimates().targetBatch());
        json.put("workload", load);
        final Map<String, Object> kill = new LinkedHashMap<>();
        kill.put("childPid", crash.childPid());
        kill.put("exitCode", crash.exitCode());
        kill.put("loadSeconds", crash.loadNanos() / 1e9);
        kill.put("acknowledged", crash.acknowledged());
        kill.put("verified", crash.verified());
        kill.put("lost", crash.lost());
        kill.put("recordsChecked", crash.recordsChecked());
        kill.put("reopenNanos", crash.reopenNanos());
        kill.put("recoveryNanos", crash.recovery().durationNanos());
        kill.put("recoveryScanStartLsn", crash.recovery().scanStartLsn());
        kill.put("recoveredEndLsn", crash.recovery().endLsn());
        kill.put("truncatedRanges", crash.recovery().truncated().stream().map(RecoveryReport.Range::toString).toList());
        kill.put("failures", crash.failures());
        json.put("crash", kill);
        return json;
    }
}

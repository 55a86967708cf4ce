package dev.mmwal.cli.doctor;

import dev.mmwal.cli.Units;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a {@link DoctorReport} for a person. */
final class DoctorText {
    private final PrintWriter out;
    private final double costWeight;

    DoctorText(final PrintWriter out, final double costWeight) {
        this.out = out;
        this.costWeight = costWeight;
    }

    void print(final DoctorReport report) {
        out.println("mmwal doctor: " + report.directory);
        out.println(report.mount.map(m -> String.format(Locale.ROOT, "%-13s%s on %s, mounted at %s (%s; %s)", "filesystem", m.fsType(), m.source(),
            m.mountPoint(), m.mountOptions(), m.superOptions())).orElse("filesystem   unknown (no /proc/self/mountinfo)"));
        final DoctorReport.Fallocate fallocate = report.fallocate;
        out.println(String.format(Locale.ROOT, "%-13s%s: a %s segment preallocated in %s (%s, %s allocated)", "fallocate",
            fallocate.works() ? "works" : "NOT supported, zero-fill fallback", Units.bytes(fallocate.bytes()), Units.nanos(fallocate.nanos()),
            fallocate.used(), fallocate.allocatedBytes() < 0 ? "unknown" : Units.bytes(fallocate.allocatedBytes())));
        out.println(String.format(Locale.ROOT, "%-13s%s usable of %s", "free space", Units.bytes(report.usableBytes), Units.bytes(report.totalBytes)));
        out.println();
        printProbes(report);
        out.println();
        printGroupCommit(report);
        out.println();
        if (report.warnings.isEmpty()) {
            out.println("warnings: none");
        } else {
            out.println("warnings:");
            report.warnings.forEach(warning -> out.println("  - " + warning));
        }
    }

    private void printProbes(final DoctorReport report) {
        out.println(String.format(Locale.ROOT, "sync latency, %d-byte records appended one after another:", SyncProbe.RECORD));
        out.println(String.format(Locale.ROOT, "  %-26s %6s %9s %9s %9s %10s %14s", "", "syncs", "p50", "p99", "max", "syncs/s", "device w/sync"));
        for (final SyncProbe.Result probe : report.probes) {
            final Histogram latency = probe.latency();
            out.println(String.format(Locale.ROOT, "  %-26s %6d %9s %9s %9s %10s %14s%s", probe.name(), latency.getTotalCount(),
                Units.nanos(latency.getValueAtPercentile(50)), Units.nanos(latency.getValueAtPercentile(99)), Units.nanos(latency.getMaxValue()),
                Units.decimal(1e9 / latency.getMean()), probe.deviceBytesPerSync() < 0 ? "-" : Units.bytes(probe.deviceBytesPerSync()),
                probe == report.logSync ? "  <- the log's default" : ""));
        }
        out.println("  (syncs/s: one thread syncing back to back; device w/sync: all writes to the device meanwhile, other programs' included)");
    }

    private void printGroupCommit(final DoctorReport report) {
        final double l = report.syncLatencyNanos();
        out.println("group commit: L = " + Units.nanos(l) + " (p50 of " + report.logSync.name() + ", what the flusher pays per batch);"
            + " one committer alone gets ~" + Units.decimal(1e9 / l) + " commits/s");
        out.println(String.format(Locale.ROOT, "  %12s %7s %15s %10s %15s", "commits/s", "N*", "expected batch", "syncs/s", "commit latency"));
        for (final GroupCommitAdvice.Row row : report.groupCommit) {
            out.println(String.format(Locale.ROOT, "  %12s %7.1f %15.1f %10s %15s%s", Units.decimal(row.commitsPerSecond()), row.targetBatch(),
                row.batch(), Units.decimal(row.syncsPerSecond()), "~" + Units.nanos(row.commitLatencyNanos()),
                row.deviceBound() ? "  device-bound: lambda*L > N*" : ""));
        }
        out.println(String.format(Locale.ROOT, "  N* = sqrt(2*L*lambda/C), C = %.1f (a committer's wait weighs as much as sync time);"
            + " batches also grow to lambda*L when syncs cannot keep up,", costWeight));
        out.println("  and never exceed the number of committing threads (the policy caps its target at the recent peak batch).");
        final String cap = String.format(Locale.ROOT, "%,d", report.maxLingerNanos).replace(',', '_');
        out.println(String.format(Locale.ROOT, "  suggested: WalConfig.builder(dir).groupCommitPolicy(() -> new OptimalBatchPolicy(%.1f, %s))",
            costWeight, cap));
        out.println("  (linger cap L/C; the policy itself lingers at most L/(2C). Raise C to favour latency, lower it to favour fewer syncs.)");
    }
}

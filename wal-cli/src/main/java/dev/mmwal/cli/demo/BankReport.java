package dev.mmwal.cli.demo;

import dev.mmwal.cli.Units;
import dev.mmwal.kv.KvRecovery;
import dev.mmwal.kv.bank.BankAudit;
import dev.mmwal.kv.bank.BankCrash;
import dev.mmwal.txn.RecoveryStats;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The bank demo's figures, as text or as a JSON object. */
record BankReport(Path dir, int threads, DemoCommand.BankRun run, BankCrash.Outcome crash, long reopenNanos, KvRecovery recovery,
                  BankAudit audit) {

    void printText(final PrintWriter out) {
        final RecoveryStats aries = recovery.aries();
        out.println();
        out.println("Summary");
        out.println(String.format(Locale.ROOT, "  transfers/s      %s (%s committed, %s rejected for funds and rolled back, %s lock retries) in %.1f s",
            Units.decimal(run.committed() / run.seconds()), Units.count(run.committed()), Units.count(run.rejected()), Units.count(run.retried()),
            run.seconds()));
        out.println(String.format(Locale.ROOT, "  commit latency   p50 %s, p99 %s, max %s (%s commits, %d threads)",
            Units.nanos(run.latency().getValueAtPercentile(50)), Units.nanos(run.latency().getValueAtPercentile(99)),
            Units.nanos(run.latency().getMaxValue()), run.sync(), threads));
        out.println(String.format(Locale.ROOT, "  batches          %.1f commits per sync (group commit)", run.meanBatch()));
        out.println(String.format(Locale.ROOT, "  crash            SIGKILL of pid %d after %.1f s; %s transfers acknowledged by it", crash.childPid(),
            crash.loadNanos() / 1e9, Units.count(crash.acknowledged().size())));
        out.println(String.format(Locale.ROOT, "  reopen           %s in all: page file %s (%d pages, %d torn), index rebuild %s (%s rows)",
            Units.nanos(reopenNanos), Units.nanos(recovery.loadNanos()), recovery.pagesLoaded(), recovery.tornPages(), Units.nanos(recovery.indexNanos()),
            Units.count(recovery.rows())));
        out.println(String.format(Locale.ROOT, "  ARIES            analysis %s, redo %s, undo %s; %s records scanned, %s redone (%s skipped by page LSN),",
            Units.nanos(aries.analysisNanos()), Units.nanos(aries.redoNanos()), Units.nanos(aries.undoNanos()), Units.count(aries.recordsScanned()),
            Units.count(aries.redone()), Units.count(aries.skippedByPageLsn())));
        out.println(String.format(Locale.ROOT, "                   %s undone with %s CLRs, %d loser(s), %d dirty pages; redo from lsn %d to %d",
            Units.count(aries.undone()), Units.count(aries.clrsWritten()), aries.losers(), aries.dirtyPages(), aries.redoStartLsn(), aries.endLsn()));
        out.println(String.format(Locale.ROOT, "  audit            total %,d of %,d; %s transfers committed; %s of %s acknowledged present; %d partial; %d negative",
            audit.total(), audit.expectedTotal(), Units.count(audit.transfers()), Units.count(audit.acknowledged() - audit.missing()),
            Units.count(audit.acknowledged()), audit.partial(), audit.negative()));
        for (final String problem : audit.problems()) {
            out.println("    " + problem);
        }
        out.println();
        out.println("Result: " + audit.verdict());
        out.flush();
    }

    Map<String, Object> toJson() {
        final RecoveryStats aries = recovery.aries();
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("dir", dir.toString());
        json.put("passed", audit.passed());
        json.put("verdict", audit.verdict());
        final Map<String, Object> load = new LinkedHashMap<>();
        load.put("accounts", run.accounts());
        load.put("initialBalance", run.balance());
        load.put("threads", threads);
        load.put("sync", run.sync().name());
        load.put("seconds", run.seconds());
        load.put("committed", run.committed());
        load.put("rejected", run.rejected());
        load.put("retried", run.retried());
        load.put("transfersPerSecond", run.committed() / run.seconds());
        load.put("commitP50Nanos", run.latency().getValueAtPercentile(50));
        load.put("commitP99Nanos", run.latency().getValueAtPercentile(99));
        load.put("commitsPerSync", run.meanBatch());
        json.put("load", load);
        final Map<String, Object> kill = new LinkedHashMap<>();
        kill.put("childPid", crash.childPid());
        kill.put("exitCode", crash.exitCode());
        kill.put("loadNanos", crash.loadNanos());
        kill.put("acknowledged", crash.acknowledged().size());
        json.put("crash", kill);
        final Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("reopenNanos", reopenNanos);
        rec.put("pagesLoaded", recovery.pagesLoaded());
        rec.put("tornPages", recovery.tornPages());
        rec.put("analysisNanos", aries.analysisNanos());
        rec.put("redoNanos", aries.redoNanos());
        rec.put("undoNanos", aries.undoNanos());
        rec.put("recordsScanned", aries.recordsScanned());
        rec.put("redone", aries.redone());
        rec.put("undone", aries.undone());
        rec.put("clrs", aries.clrsWritten());
        rec.put("losers", aries.losers());
        rec.put("dirtyPages", aries.dirtyPages());
        json.put("recovery", rec);
        final Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("total", audit.total());
        checks.put("expectedTotal", audit.expectedTotal());
        checks.put("transfers", audit.transfers());
        checks.put("acknowledged", audit.acknowledged());
        checks.put("missing", audit.missing());
        checks.put("partial", audit.partial());
        checks.put("negative", audit.negative());
        checks.put("problems", audit.problems());
        json.put("audit", checks);
        return json;
    }
}

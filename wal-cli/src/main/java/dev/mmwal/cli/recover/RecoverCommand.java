package dev.mmwal.cli.recover;

import dev.mmwal.ReadOnlyWal;
import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.Json;
import dev.mmwal.txn.RecoveryPlan;
import dev.mmwal.txn.RecoveryPlanner;
import dev.mmwal.txn.TxnConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mmwal recover --dry-run DIR}: what ARIES recovery of the transaction layer would do, without doing it. */
@Command(name = "recover", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Plan the transaction layer's ARIES recovery (wal-txn): analysis only, from the last complete checkpoint named in txn.control.",
        "Prints where redo starts, the losers undo would roll back (with their last LSNs), how many CLRs undo would write and the dirty page table.",
        "Writes nothing and takes no lock. Recovery itself runs inside the application that owns the pages (TxnLog.recover)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:plan printed", "64:usage error (recover needs --dry-run)", "66:directory missing or not a log"})
public final class RecoverCommand extends BaseCommand {
    @Option(names = "--dry-run", description = "Analysis only: print the plan, write nothing (required).")
    private boolean dryRun;

    @Option(names = "--control", paramLabel = "FILE", description = "The control file (default: DIR/txn.control).")
    private Path control;

    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    private Path directory;

    @Override
    public Integer call() {
        if (!dryRun) {
            throw usageError("recover runs only with --dry-run: recovery itself needs the application's page store (TxnLog.recover(handler))");
        }
        final RecoveryPlan plan;
        try (ReadOnlyWal log = ReadOnlyWal.open(directory)) {
            plan = RecoveryPlanner.plan(log, control != null ? control : TxnConfig.defaults().controlFile(directory));
        }
        if (json()) {
            out().println(Json.write(toJson(plan)));
        } else {
            printText(plan);
        }
        return 0;
    }

    private void printText(final RecoveryPlan plan) {
        final PrintWriter out = out();
        out.println("recovery plan for " + directory + " (dry run: nothing written)");
        out.println(plan.checkpointLsn() == 0
            ? "checkpoint: none complete; analysis from the first record, lsn " + plan.scanStartLsn()
            : "checkpoint: CHECKPOINT_END at lsn " + plan.checkpointLsn() + "; analysis from its CHECKPOINT_BEGIN, lsn " + plan.scanStartLsn());
        out.println("log end: lsn " + plan.endLsn() + "; " + plan.recordsScanned() + " records analysed; next transaction id " + plan.nextTxnId());
        if (plan.tornTail() != null) {
            out.println("damaged tail (the writer's open would cut it): " + plan.tornTail());
        }
        out.println(plan.dirtyPages().isEmpty()
            ? "redo: nothing (no dirty page)"
            : "redo: from lsn " + plan.redoStartLsn() + " over " + plan.dirtyPages().size() + " dirty page(s)");
        out.println("undo: " + plan.losers().size() + " loser(s), " + plan.clrsToWrite() + " CLR(s) to write, then " + plan.losers().size() + " END record(s)");
        for (final RecoveryPlan.Loser loser : plan.losers()) {
            out.println(String.format("  txn %-8d %-8s first %-10d last %-10d undoNext %-10d clrs %d", loser.txnId(), loser.status(),
                loser.firstLsn(), loser.lastLsn(), loser.undoNextLsn(), loser.clrsToWrite()));
        }
        if (!plan.dirtyPages().isEmpty()) {
            out.println("dirty pages (pageId: recLsn):");
            plan.dirtyPages().forEach((page, recLsn) -> out.println("  " + page + ": " + recLsn));
        }
    }

    private Map<String, Object> toJson(final RecoveryPlan plan) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("dir", directory.toString());
        json.put("checkpointLsn", plan.checkpointLsn());
        json.put("scanStartLsn", plan.scanStartLsn());
        json.put("redoStartLsn", plan.redoStartLsn());
        json.put("endLsn", plan.endLsn());
        json.put("recordsScanned", plan.recordsScanned());
        json.put("nextTxnId", plan.nextTxnId());
        json.put("clrsToWrite", plan.clrsToWrite());
        final List<Object> losers = new ArrayList<>();
        for (final RecoveryPlan.Loser loser : plan.losers()) {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("txnId", loser.txnId());
            row.put("status", loser.status());
            row.put("firstLsn", loser.firstLsn());
            row.put("lastLsn", loser.lastLsn());
            row.put("undoNextLsn", loser.undoNextLsn());
            row.put("clrsToWrite", loser.clrsToWrite());
            losers.add(row);
        }
        json.put("losers", losers);
        final List<Object> pages = new ArrayList<>();
        plan.dirtyPages().forEach((page, recLsn) -> {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("pageId", page);
            row.put("recLsn", recLsn);
            pages.add(row);
        });
        json.put("dirtyPages", pages);
        json.put("tornTail", plan.tornTail());
        return json;
    }
}

package dev.mmwal.txn;

import dev.mmwal.LogRecord;
import dev.mmwal.ReadOnlyWal;
import dev.mmwal.WalReader;
import dev.mmwal.txn.format.ClrDescriptor;
import dev.mmwal.txn.format.TxnRecordType;
import dev.mmwal.txn.internal.Analysis;
import dev.mmwal.txn.internal.AnalysisResult;
import dev.mmwal.txn.internal.ControlFile;
import dev.mmwal.txn.internal.TxnState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The recovery planner behind {@code mmwal recover --dry-run}: runs analysis over a log opened
 * read-only and counts the CLRs undo would write by walking each loser's undo chain. Writes
 * nothing, takes no lock. Stateless; thread-safe.
 */
public final class RecoveryPlanner {
    private RecoveryPlanner() {
    }

    /** Plans recovery of {@code log}, reading its control file from the log directory. */
    public static RecoveryPlan plan(final ReadOnlyWal log) {
        return plan(log, TxnConfig.defaults().controlFile(log.directory()));
    }

    public static RecoveryPlan plan(final ReadOnlyWal log, final Path controlFile) {
        final ControlFile.State checkpoint;
        try {
            checkpoint = ControlFile.read(controlFile);
        } catch (final IOException ex) {
            throw new TxnRecoveryException("cannot read the transaction control file: file=" + controlFile + ", cause=" + ex.getMessage(), ex);
        }
        final AnalysisResult analysis = new Analysis(log::reader, log.firstLsn(), true).run(checkpoint);
        final List<RecoveryPlan.Loser> losers = new ArrayList<>();
        long clrs = 0;
        for (final TxnState txn : analysis.losers.values()) {
            final long pending = pendingUndo(log, txn);
            clrs += pending;
            losers.add(new RecoveryPlan.Loser(txn.id(), TxnState.statusName(txn.status()), txn.firstLsn(), txn.lastLsn(), txn.undoNextLsn(), pending));
        }
        losers.sort(Comparator.comparingLong(RecoveryPlan.Loser::lastLsn).reversed());
        return new RecoveryPlan(checkpoint == null ? 0 : checkpoint.checkpointLsn(), analysis.scanStartLsn, analysis.redoStartLsn(),
            analysis.endLsn(), analysis.recordsScanned(), analysis.nextTxnId(), List.copyOf(losers), clrs,
            new TreeMap<>(analysis.dirtyPages), analysis.tornTail());
    }

    /** Updates left on the undo chain from the loser's undo-next LSN. */
    private static long pendingUndo(final ReadOnlyWal log, final TxnState txn) {
        final LogRecord record = new LogRecord();
        long lsn = txn.undoNextLsn();
        long pending = 0;
        while (lsn > 0) {
            final WalReader reader = log.reader(lsn);
            if (!reader.next(record) || record.lsn() != lsn) {
                throw new TxnRecoveryException("undo chain leads to a record the log does not hold: txnId=" + txn.id() + ", lsn=" + lsn);
            }
            if (record.type() == TxnRecordType.UPDATE) {
                pending++;
                lsn = record.prevLsn();
            } else if (record.type() == TxnRecordType.CLR) {
                lsn = ClrDescriptor.undoNextLsn(record.buffer(), record.payloadOffset());
            } else {
                lsn = record.prevLsn();
            }
        }
        return pending;
    }
}

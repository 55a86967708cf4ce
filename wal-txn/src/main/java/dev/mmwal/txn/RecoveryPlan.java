package dev.mmwal.txn;

import java.util.List;
import java.util.SortedMap;

/**
 * What {@link TxnLog#recover} would do to a log, computed by analysis alone
 * ({@link RecoveryPlanner}): nothing is written.
 *
 * @param checkpointLsn   the checkpoint analysis starts from (0: none complete).
 * @param scanStartLsn    where analysis reads from.
 * @param redoStartLsn    where redo would start (the smallest recLsn).
 * @param endLsn          the end of the log analysis read.
 * @param recordsScanned  records analysis read.
 * @param nextTxnId       the id the next transaction would get.
 * @param losers          transactions undo would roll back, newest last record first.
 * @param clrsToWrite     CLRs undo would write (updates still to undo, all losers).
 * @param dirtyPages      the dirty page table: pageId to recLsn.
 * @param tornTail        where a damaged tail stopped analysis (wal-core's recovery would cut it); null when none.
 */
public record RecoveryPlan(long checkpointLsn, long scanStartLsn, long redoStartLsn, long endLsn, long recordsScanned,
                           long nextTxnId, List<Loser> losers, long clrsToWrite, SortedMap<Long, Long> dirtyPages, String tornTail) {
    /**
     * One transaction undo would roll back.
     *
     * @param txnId       its id.
     * @param status      ACTIVE (no ABORT logged) or ABORTING (rollback began).
     * @param firstLsn    its first record.
     * @param lastLsn     its last record.
     * @param undoNextLsn the next record undo would visit.
     * @param clrsToWrite updates still to undo (one CLR each).
     */
    public record Loser(long txnId, String status, long firstLsn, long lastLsn, long undoNextLsn, long clrsToWrite) {
    }
}

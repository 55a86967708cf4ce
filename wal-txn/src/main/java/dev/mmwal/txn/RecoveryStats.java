package dev.mmwal.txn;

/**
 * What one {@link TxnLog#recover} did.
 *
 * @param checkpointLsn    the CHECKPOINT_END analysis started from (0: none; the whole log).
 * @param scanStartLsn     where analysis began reading.
 * @param redoStartLsn     the smallest recLsn: where redo began.
 * @param endLsn           the end of the log recovery found.
 * @param analysisNanos    time in analysis.
 * @param redoNanos        time in redo.
 * @param undoNanos        time in undo.
 * @param recordsScanned   records read by analysis and redo together.
 * @param redone           records applied by redo.
 * @param skippedByPageLsn records redo skipped because the page already held them.
 * @param undone           updates rolled back (one CLR each).
 * @param clrsWritten      CLRs written by undo.
 * @param endsWritten      END records written (one per finished loser).
 * @param dirtyPages       entries in the dirty page table after analysis.
 * @param losers           transactions rolled back.
 */
public record RecoveryStats(long checkpointLsn, long scanStartLsn, long redoStartLsn, long endLsn,
                            long analysisNanos, long redoNanos, long undoNanos,
                            long recordsScanned, long redone, long skippedByPageLsn, long undone, long clrsWritten,
                            long endsWritten, int dirtyPages, int losers) {
}

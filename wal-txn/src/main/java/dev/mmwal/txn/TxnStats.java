package dev.mmwal.txn;

/**
 * Runtime counters of a {@link TxnLog}, plus the log's group-commit figures.
 *
 * @param records           transaction records written (updates, commits, aborts, CLRs, ENDs, checkpoints).
 * @param updates           UPDATE records.
 * @param commits           transactions committed.
 * @param aborts            transactions rolled back by {@link TxnLog#abort}.
 * @param clrs              CLRs written by runtime rollbacks.
 * @param checkpoints       checkpoints completed.
 * @param segmentsTruncated segment files deleted by truncation.
 * @param active            transactions live now.
 * @param meanBatchRecords  records per sync of the underlying log (group commit).
 * @param meanSyncNanos     mean sync time of the underlying log.
 */
public record TxnStats(long records, long updates, long commits, long aborts, long clrs, long checkpoints,
                       long segmentsTruncated, int active, double meanBatchRecords, double meanSyncNanos) {
}

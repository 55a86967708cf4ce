package dev.mmwal;

/**
 * Always-on counters of one log, readable from any thread at any time without allocation.
 * Totals are monotonic; "last" and estimate values are the flusher's latest.
 */
public interface WalMetrics {
    /** Syncs (fdatasync/msync batches) completed. */
    long syncs();

    /** Bytes of log made durable. */
    long bytesSynced();

    /** Records (padding excluded) made durable. */
    long recordsSynced();

    /** Commits (awaited records) satisfied by syncs. */
    long commitsSynced();

    /** Records in the last sync. */
    long lastBatchRecords();

    /** Bytes in the last sync. */
    long lastBatchBytes();

    /** Commit requests in the last sync. */
    long lastBatchCommits();

    /** L: the moving average of sync latency, nanoseconds. */
    long syncLatencyNanos();

    /** λ: the moving average of commit arrivals per second. */
    double arrivalRatePerSecond();

    /** N*: the batch size the group-commit policy aims at now. */
    double targetBatch();

    /** Commit waits that blocked (the record was not durable yet when asked). */
    long commitWaits();

    /** Total nanoseconds spent in those waits. */
    long commitWaitNanos();

    /** Total nanoseconds the flusher spent syncing. */
    long syncNanos();

    /** True once the log is in the terminal FAILED state. */
    boolean failed();

    /** Mean records per sync. */
    default double meanBatchRecords() {
        final long syncs = syncs();
        return syncs == 0 ? 0 : (double)recordsSynced() / syncs;
    }

    /** Mean commits per sync. */
    default double meanBatchCommits() {
        final long syncs = syncs();
        return syncs == 0 ? 0 : (double)commitsSynced() / syncs;
    }
}

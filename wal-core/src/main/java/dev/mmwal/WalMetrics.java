package dev.mmwal;

/**
 * Always-on counters of one log, readable from any thread at any time without allocation.
 * Totals are monotonic; "last" and estimate values are the flusher's latest.
 */
public interface WalMetrics {
    /** {@return syncs (fdatasync/msync batches) completed} */
    long syncs();

    /** {@return bytes of log made durable} */
    long bytesSynced();

    /** {@return records (padding excluded) made durable} */
    long recordsSynced();

    /** {@return commits (awaited records) satisfied by syncs} */
    long commitsSynced();

    /** {@return records in the last sync} */
    long lastBatchRecords();

    /** {@return bytes in the last sync} */
    long lastBatchBytes();

    /** {@return commit requests in the last sync} */
    long lastBatchCommits();

    /** {@return L: the moving average of sync latency, nanoseconds} */
    long syncLatencyNanos();

    /** {@return λ: the moving average of commit arrivals per second} */
    double arrivalRatePerSecond();

    /** {@return N*: the batch size the group-commit policy aims at now} */
    double targetBatch();

    /** {@return commit waits that blocked (the record was not durable yet when asked)} */
    long commitWaits();

    /** {@return total nanoseconds spent in those waits} */
    long commitWaitNanos();

    /** {@return total nanoseconds the flusher spent syncing} */
    long syncNanos();

    /**
     * {@return reservations that found the next segment not prepared yet: each {@code BACK_PRESSURED}
     * a claim returned, each retry of a blocking append that waited for it}
     */
    long backPressured();

    /** {@return true once the log is in the terminal FAILED state} */
    boolean failed();

    /** {@return mean records per sync} */
    default double meanBatchRecords() {
        final long syncs = syncs();
        return syncs == 0 ? 0 : (double)recordsSynced() / syncs;
    }

    /** {@return mean commits per sync} */
    default double meanBatchCommits() {
        final long syncs = syncs();
        return syncs == 0 ? 0 : (double)commitsSynced() / syncs;
    }
}

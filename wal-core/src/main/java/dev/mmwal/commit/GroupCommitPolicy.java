package dev.mmwal.commit;

/**
 * Decides, each time the flusher looks, whether to sync now or linger for more commits.
 *
 * <p>A policy is a small pure object: no clock, I/O, logging or metrics inside; all inputs are
 * arguments, so it is unit-tested with a fake clock. The flusher is its only caller (single
 * thread); implementations need not be thread-safe but must not allocate.
 */
public interface GroupCommitPolicy {
    /** Returned by {@link #decide}: sync now. */
    long FLUSH_NOW = 0;

    /**
     * Decides whether to sync now or how long to linger.
     *
     * @param nowNanos            the flusher's clock.
     * @param pendingCommits      commits (records some caller awaits) published but not yet durable; at least 1.
     * @param oldestPendingNanos  when the oldest of those commits was requested.
     * @param lastArrivalNanos    when the newest commit was requested.
     * @param estimates           the online estimates of sync latency L and arrival rate λ.
     * @return {@link #FLUSH_NOW}, or how many nanoseconds to linger before deciding again.
     */
    long decide(long nowNanos, long pendingCommits, long oldestPendingNanos, long lastArrivalNanos, CommitEstimates estimates);

    /**
     * The batch size this policy aims at under the current estimates (for metrics).
     *
     * @param estimates the online estimates of sync latency L and arrival rate λ.
     * @return the target commits per sync; 1 when the policy does not aim.
     */
    double targetBatch(CommitEstimates estimates);

    /**
     * A short name for metrics, logs and benchmark tables.
     *
     * @return the policy's name, such as {@code "greedy"}.
     */
    String name();
}

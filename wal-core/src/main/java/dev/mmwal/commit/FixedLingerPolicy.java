package dev.mmwal.commit;

/**
 * The classic fixed linger: wait until the oldest pending commit is {@code lingerNanos} old, or
 * until {@code maxBatch} commits are pending, whichever comes first.
 */
public final class FixedLingerPolicy implements GroupCommitPolicy {
    private final long lingerNanos;
    private final long maxBatch;

    /**
     * Creates the policy.
     *
     * @param lingerNanos the longest the oldest pending commit waits, in nanoseconds; 0 syncs at once.
     * @param maxBatch    pending commits that trigger a sync without waiting; at least 1.
     * @throws IllegalArgumentException if {@code lingerNanos} is negative or {@code maxBatch} below 1.
     */
    public FixedLingerPolicy(final long lingerNanos, final long maxBatch) {
        if (lingerNanos < 0) {
            throw new IllegalArgumentException("linger must not be negative: lingerNanos=" + lingerNanos);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be at least 1: maxBatch=" + maxBatch);
        }
        this.lingerNanos = lingerNanos;
        this.maxBatch = maxBatch;
    }

    @Override
    public long decide(final long nowNanos, final long pendingCommits, final long oldestPendingNanos,
                       final long lastArrivalNanos, final CommitEstimates estimates) {
        if (pendingCommits >= maxBatch) {
            return FLUSH_NOW;
        }
        final long remaining = oldestPendingNanos + lingerNanos - nowNanos;
        return remaining <= 0 ? FLUSH_NOW : remaining;
    }

    @Override
    public double targetBatch(final CommitEstimates estimates) {
        return Math.max(1, Math.min(maxBatch, 1 + lingerNanos * estimates.arrivalsPerNano()));
    }

    @Override
    public String name() {
        return "linger";
    }
}

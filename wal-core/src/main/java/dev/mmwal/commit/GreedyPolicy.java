package dev.mmwal.commit;

/**
 * Sync whatever is published as soon as anything is pending; no lingering. Batches still form
 * naturally: commits that arrive during a sync ride the next one.
 */
public final class GreedyPolicy implements GroupCommitPolicy {
    /** The only instance; the policy is stateless. */
    public static final GreedyPolicy INSTANCE = new GreedyPolicy();

    private GreedyPolicy() {
    }

    @Override
    public long decide(final long nowNanos, final long pendingCommits, final long oldestPendingNanos,
                       final long lastArrivalNanos, final CommitEstimates estimates) {
        return FLUSH_NOW;
    }

    @Override
    public double targetBatch(final CommitEstimates estimates) {
        return 1;
    }

    @Override
    public String name() {
        return "greedy";
    }
}

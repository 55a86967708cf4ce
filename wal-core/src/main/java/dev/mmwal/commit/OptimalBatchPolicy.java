package dev.mmwal.commit;

/**
 * Group commit sized by the economic-order-quantity formula N* = sqrt(2·L·λ/C).
 *
 * <p>A sync costs L whatever it carries; every commit that waits for a batch to fill costs C per
 * unit of waiting. Batching N commits arriving at rate λ costs L/N of sync per commit and, on
 * average, C·(N-1)/(2λ) of waiting per commit; the sum is smallest at N* = sqrt(2·L·λ/C).
 * ({@code docs/design.md} has the derivation.)
 *
 * <p>The formula assumes open-loop arrivals. Committers that wait for their commit before
 * committing again form a closed loop: a batch can never exceed the number of committers, so the
 * target is capped by the recent peak batch ({@link CommitEstimates#peakBatch()}, which sheer
 * concurrency grows even without lingering). A lone committer is then never kept waiting for
 * arrivals that cannot come.
 *
 * <p>Rule: sync at once when the target ≤ 1 or that many commits are pending; otherwise linger until the time
 * N* commits are expected to have gathered since the oldest one, capped by {@code maxLingerNanos},
 * and stop lingering as soon as arrivals seem to have stopped (no commit for twice the mean gap).
 */
public final class OptimalBatchPolicy implements GroupCommitPolicy {
    private final double costWeight;
    private final long maxLingerNanos;

    /**
     * Creates the policy.
     *
     * @param costWeight     C: cost of one commit waiting one nanosecond, relative to one nanosecond of sync.
     * @param maxLingerNanos the longest the oldest commit may wait for a batch to fill.
     * @throws IllegalArgumentException if {@code costWeight} is not positive and finite, or
     *                                  {@code maxLingerNanos} is negative.
     */
    public OptimalBatchPolicy(final double costWeight, final long maxLingerNanos) {
        if (!(costWeight > 0) || Double.isInfinite(costWeight)) {
            throw new IllegalArgumentException("group commit cost weight must be positive: costWeight=" + costWeight);
        }
        if (maxLingerNanos < 0) {
            throw new IllegalArgumentException("max linger must not be negative: maxLingerNanos=" + maxLingerNanos);
        }
        this.costWeight = costWeight;
        this.maxLingerNanos = maxLingerNanos;
    }

    @Override
    public long decide(final long nowNanos, final long pendingCommits, final long oldestPendingNanos,
                       final long lastArrivalNanos, final CommitEstimates estimates) {
        final double lambda = estimates.arrivalsPerNano();
        final double target = Math.min(targetBatch(estimates), Math.max(1, estimates.peakBatch()));
        if (target <= 1 || pendingCommits >= target || lambda <= 0) {
            return FLUSH_NOW;
        }
        final double meanGapNanos = 1 / lambda;
        if (nowNanos - lastArrivalNanos > 2 * meanGapNanos) {
            return FLUSH_NOW;
        }
        final long gatherNanos = (long)Math.min(maxLingerNanos, (target - 1) * meanGapNanos);
        final long deadline = oldestPendingNanos + gatherNanos;
        final long untilDeadline = deadline - nowNanos;
        if (untilDeadline <= 0) {
            return FLUSH_NOW;
        }
        final long untilArrivalsStop = lastArrivalNanos + (long)(2 * meanGapNanos) - nowNanos + 1;
        return Math.max(1, Math.min(untilDeadline, untilArrivalsStop));
    }

    @Override
    public double targetBatch(final CommitEstimates estimates) {
        return Math.sqrt(2 * estimates.syncLatencyNanos() * estimates.arrivalsPerNano() / costWeight);
    }

    /**
     * C, the weight given to waiting.
     *
     * @return the cost weight passed to the constructor.
     */
    public double costWeight() {
        return costWeight;
    }

    /**
     * The cap on how long the oldest commit lingers.
     *
     * @return the maximum linger, in nanoseconds.
     */
    public long maxLingerNanos() {
        return maxLingerNanos;
    }

    @Override
    public String name() {
        return "nstar";
    }
}

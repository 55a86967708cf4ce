package dev.mmwal.cli.doctor;

import dev.mmwal.commit.CommitEstimates;
import dev.mmwal.commit.OptimalBatchPolicy;

/**
 * What group commit will do at a given commit rate, from a measured sync latency L: the batch
 * {@link OptimalBatchPolicy} aims at (N* = sqrt(2·L·λ/C), computed by the policy itself), the
 * batch the device forces anyway (λ·L commits arrive during one sync), the syncs per second that
 * leaves, and the commit latency to expect.
 */
final class GroupCommitAdvice {
    private static final long SECOND = 1_000_000_000L;

    private GroupCommitAdvice() {
    }

    /**
     * @param commitsPerSecond   λ.
     * @param targetBatch        N*: the batch the policy aims at.
     * @param batch              the batch to expect: at least N*, and at least λ·L.
     * @param syncsPerSecond     λ / batch.
     * @param commitLatencyNanos about L plus the mean wait for the batch to fill, (batch - 1) / (2λ).
     * @param deviceBound        true when λ·L exceeds N*: syncs cannot keep up, batches grow by themselves.
     */
    record Row(double commitsPerSecond, double targetBatch, double batch, double syncsPerSecond, double commitLatencyNanos,
               boolean deviceBound) {
    }

    static Row at(final double syncLatencyNanos, final double commitsPerSecond, final double costWeight) {
        final CommitEstimates estimates = new CommitEstimates(1.0, syncLatencyNanos);
        estimates.onArrivals(Math.round(commitsPerSecond), SECOND);
        final double target = new OptimalBatchPolicy(costWeight, SECOND).targetBatch(estimates);
        final double arrivingPerSync = commitsPerSecond * syncLatencyNanos / SECOND;
        final double batch = Math.max(1, Math.max(target, arrivingPerSync));
        final double latency = syncLatencyNanos + (batch - 1) / (2 * commitsPerSecond) * SECOND;
        return new Row(commitsPerSecond, target, batch, commitsPerSecond / batch, latency, arrivingPerSync > Math.max(1, target));
    }

    /**
     * A cap for the policy's lingering. With weight C the policy lingers at most L/(2C) (at
     * λ = 2C/L, where N* = 2); a cap of L/C leaves room for noisy estimates. At least 20 us.
     */
    static long maxLingerNanos(final double syncLatencyNanos, final double costWeight) {
        final long cap = Math.round(syncLatencyNanos / costWeight / 10_000.0) * 10_000;
        return Math.max(20_000, cap);
    }
}

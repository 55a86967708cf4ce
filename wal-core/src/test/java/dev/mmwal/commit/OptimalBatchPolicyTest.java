package dev.mmwal.commit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimalBatchPolicyTest {
    private static final long US = 1_000;

    /** Estimates with L and λ set directly: λ in commits per second. */
    private static CommitEstimates estimates(final long syncLatencyNanos, final double perSecond) {
        final CommitEstimates estimates = new CommitEstimates(1.0, syncLatencyNanos);
        estimates.onSync(syncLatencyNanos);
        estimates.onArrivals((long)perSecond, 1_000_000_000L);
        estimates.onBatch(1_000);
        return estimates;
    }

    @Test
    void shouldComputeNStarFromTheFormulaWhenGivenEstimates() {
        final OptimalBatchPolicy policy = new OptimalBatchPolicy(1.0, 1_000 * US);
        // L = 100 us, λ = 50,000/s: L·λ = 5 commits per sync time; N* = sqrt(2·5/1) = 3.162
        assertEquals(Math.sqrt(10), policy.targetBatch(estimates(100 * US, 50_000)), 1e-9);
        // C = 4 quarters the ratio: N* = sqrt(2·5/4) = 1.58
        assertEquals(Math.sqrt(2.5), new OptimalBatchPolicy(4.0, 1_000 * US).targetBatch(estimates(100 * US, 50_000)), 1e-9);
        // L = 1 ms, λ = 200,000/s: N* = sqrt(2·200/1) = 20
        assertEquals(20.0, policy.targetBatch(estimates(1_000 * US, 200_000)), 1e-9);
    }

    @Test
    void shouldFlushAtOnceWhenNStarIsAtMostOne() {
        final OptimalBatchPolicy policy = new OptimalBatchPolicy(1.0, 1_000 * US);
        final CommitEstimates slow = estimates(100 * US, 2_000); // N* = sqrt(0.4) < 1
        assertTrue(policy.targetBatch(slow) <= 1);
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(1_000_000, 1, 1_000_000, 1_000_000, slow));
    }

    @Test
    void shouldFlushWhenNStarCommitsArePending() {
        final OptimalBatchPolicy policy = new OptimalBatchPolicy(1.0, 1_000 * US);
        final CommitEstimates busy = estimates(1_000 * US, 200_000); // N* = 20
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(10_000_000, 20, 10_000_000, 10_000_000, busy));
        assertTrue(policy.decide(10_000_000, 19, 10_000_000, 10_000_000, busy) > 0);
    }

    @Test
    void shouldLingerUntilExpectedGatherTimeWhenFewCommitsArePending() {
        final OptimalBatchPolicy policy = new OptimalBatchPolicy(1.0, 1_000 * US);
        final CommitEstimates busy = estimates(1_000 * US, 200_000); // N* = 20, mean gap 5 us
        final long oldest = 10_000_000;
        // gathering 20 commits takes (20 - 1) · 5 us = 95 us from the oldest one
        final long linger = policy.decide(oldest + 2 * US, 2, oldest, oldest + 2 * US, busy);
        assertTrue(linger > 0 && linger <= 93 * US, "linger=" + linger);
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(oldest + 95 * US, 19, oldest, oldest + 95 * US, busy));
    }

    @Test
    void shouldCapLingerAtMaxLingerWhenGatherTimeIsLonger() {
        final OptimalBatchPolicy policy = new OptimalBatchPolicy(1.0, 50 * US);
        final CommitEstimates busy = estimates(1_000 * US, 200_000); // gather time 95 us > cap 50 us
        final long oldest = 10_000_000;
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(oldest + 50 * US, 5, oldest, oldest + 49 * US, busy));
        assertTrue(policy.decide(oldest + 40 * US, 5, oldest, oldest + 39 * US, busy) <= 10 * US);
    }

    @Test
    void shouldStopLingeringWhenArrivalsStop() {
        final OptimalBatchPolicy policy = new OptimalBatchPolicy(1.0, 1_000 * US);
        final CommitEstimates busy = estimates(1_000 * US, 200_000); // mean gap 5 us
        final long oldest = 10_000_000;
        // nothing arrived for 11 us (> 2 mean gaps): more waiting gains nothing
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(oldest + 11 * US, 3, oldest, oldest, busy));
    }

    @Test
    void shouldNotLingerBeyondObservedConcurrencyWhenCommittersFormAClosedLoop() {
        final OptimalBatchPolicy policy = new OptimalBatchPolicy(1.0, 1_000 * US);
        final CommitEstimates lone = new CommitEstimates(1.0, 150 * US);
        lone.onSync(150 * US);
        lone.onArrivals(1, 150 * US); // one committer: λ = 1/L, N* = sqrt(2) > 1
        lone.onBatch(1);
        assertTrue(policy.targetBatch(lone) > 1);
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(10_000_000, 1, 10_000_000, 10_000_000, lone),
            "a lone committer is never kept waiting for arrivals that cannot come");

        final CommitEstimates crowd = estimates(1_000 * US, 200_000); // N* = 20, peak batch 1,000
        crowd.onBatch(8);
        assertTrue(crowd.peakBatch() > 8, "the peak decays slowly");
        assertTrue(policy.decide(10_000_000, 5, 10_000_000, 10_000_000, crowd) > 0);
    }

    @Test
    void shouldRejectNonPositiveCostWeight() {
        assertThrows(IllegalArgumentException.class, () -> new OptimalBatchPolicy(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new OptimalBatchPolicy(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new OptimalBatchPolicy(1, -1));
    }

    @Test
    void shouldTrackMovingAveragesWhenFed() {
        final CommitEstimates estimates = new CommitEstimates(0.5, 100);
        estimates.onSync(100 * US);
        assertEquals(100 * US, estimates.syncLatencyNanos(), 1e-9);
        estimates.onSync(200 * US);
        assertEquals(150 * US, estimates.syncLatencyNanos(), 1e-9);
        estimates.onArrivals(10, 1_000 * US);
        assertEquals(10_000, estimates.arrivalsPerSecond(), 1e-6);
        estimates.onArrivals(0, 1_000 * US);
        assertEquals(5_000, estimates.arrivalsPerSecond(), 1e-6);
    }

    @Test
    void shouldFlushOnLingerOrBatchWhenFixedLinger() {
        final FixedLingerPolicy policy = new FixedLingerPolicy(100 * US, 8);
        final CommitEstimates any = estimates(100 * US, 1000);
        assertEquals(60 * US, policy.decide(1_040 * US, 1, 1_000 * US, 1_000 * US, any));
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(1_100 * US, 1, 1_000 * US, 1_000 * US, any));
        assertEquals(GroupCommitPolicy.FLUSH_NOW, policy.decide(1_001 * US, 8, 1_000 * US, 1_000 * US, any));
        assertEquals(GroupCommitPolicy.FLUSH_NOW, GreedyPolicy.INSTANCE.decide(0, 1, 0, 0, any));
    }
}

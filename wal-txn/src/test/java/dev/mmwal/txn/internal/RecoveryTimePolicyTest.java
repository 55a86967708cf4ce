package dev.mmwal.txn.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryTimePolicyTest {
    private static final long SECOND = 1_000_000_000L;
    /** 1 MB/s and a 1 s target: an allowance of 1,000,000 bytes, a checkpoint at 500,000. */
    private static final double RATE = 1_000_000;

    @Test
    void shouldCountAnalysisFromBeginAndRedoFromTheSmallestRecLsn() {
        assertEquals(300 + 500, RecoveryTimePolicy.replayBytes(1_000, 700, 500));
        assertEquals(0, RecoveryTimePolicy.replayBytes(1_000, 1_000, 1_000));
        assertEquals(2 * 400, RecoveryTimePolicy.replayBytes(1_000, 600, 900), "redo never starts after analysis");
    }

    @Test
    void shouldEstimateReplayTimeFromTheRate() {
        assertEquals(SECOND / 2, RecoveryTimePolicy.estimateNanos(500_000, RATE));
        assertEquals(Long.MAX_VALUE, RecoveryTimePolicy.estimateNanos(Long.MAX_VALUE, 1e-9));
    }

    @Test
    void shouldBeDueWhenEstimatedRecoveryReachesHeadroomOfTarget() {
        final RecoveryTimePolicy policy = new RecoveryTimePolicy(SECOND, 0.5);
        // checkpoint at 0 with no dirty page older than it: replay = 2 * tail
        assertFalse(policy.due(249_999, 0, 0, 0, RATE));
        assertTrue(policy.due(250_000, 0, 0, 0, RATE));
    }

    @Test
    void shouldCheckpointEarlierWhenReplayIsSlower() {
        final RecoveryTimePolicy policy = new RecoveryTimePolicy(SECOND, 0.5);
        assertFalse(policy.due(100_000, 0, 0, 0, RATE));
        assertTrue(policy.due(100_000, 0, 0, 0, RATE / 4), "at a quarter of the rate, a quarter of the log is the bound");
    }

    @Test
    void shouldNotCheckpointAgainBeforeTheLogGrewASixteenthOfTheAllowanceWhenOldDirtyPagesPinRedo() {
        final RecoveryTimePolicy policy = new RecoveryTimePolicy(SECOND, 0.5);
        // last checkpoint at 2,000,000 but a page dirty since lsn 0 keeps redo there: always over the headroom
        assertFalse(policy.due(2_000_000 + 62_499, 2_000_000, 0, 2_000_000, RATE));
        assertTrue(policy.due(2_000_000 + 62_500, 2_000_000, 0, 2_000_000, RATE));
    }

    @Test
    void shouldNeverBeDueWhenTargetIsOff() {
        final RecoveryTimePolicy policy = new RecoveryTimePolicy(0, 0.5);
        assertFalse(policy.enabled());
        assertFalse(policy.due(Long.MAX_VALUE / 4, 0, 0, 0, 1));
    }

    @Test
    void shouldRefuseBadSettingsWithTheirValues() {
        assertThrows(IllegalArgumentException.class, () -> new RecoveryTimePolicy(-1, 0.5));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new RecoveryTimePolicy(SECOND, 1.5));
        assertTrue(ex.getMessage().contains("headroom=1.5"), ex.getMessage());
    }
}

package dev.mmwal.txn.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointPolicyTest {
    @Test
    void shouldBeDueWhenLogGrewByThreshold() {
        final CheckpointPolicy policy = new CheckpointPolicy(1000, 0);
        assertFalse(policy.due(0, 1999, 0, 1000));
        assertTrue(policy.due(0, 2000, 0, 1000));
    }

    @Test
    void shouldBeDueWhenIntervalPassedAndLogGrew() {
        final CheckpointPolicy policy = new CheckpointPolicy(0, 100);
        assertFalse(policy.due(99, 2000, 0, 1000));
        assertTrue(policy.due(100, 2000, 0, 1000));
        assertFalse(policy.due(500, 1000, 0, 1000), "an idle log needs no new checkpoint");
    }

    @Test
    void shouldNeverBeDueWhenBothTriggersAreOff() {
        final CheckpointPolicy policy = new CheckpointPolicy(0, 0);
        assertFalse(policy.enabled());
        assertFalse(policy.due(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 0, 0));
    }
}

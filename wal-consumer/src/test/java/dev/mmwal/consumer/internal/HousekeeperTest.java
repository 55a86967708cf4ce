package dev.mmwal.consumer.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HousekeeperTest {
    @Test
    void shouldBeDueWhenBytesReachTheThreshold() {
        assertTrue(Housekeeper.isDue(1000, 1000, 0, 0, 0));
        assertFalse(Housekeeper.isDue(999, 1000, 0, 0, 0));
    }

    @Test
    void shouldBeDueWhenTheIntervalPassedAndSomethingWasAppended() {
        assertTrue(Housekeeper.isDue(1, 0, 5_000, 1_000, 4_000));
        assertFalse(Housekeeper.isDue(1, 0, 4_999, 1_000, 4_000));
        assertFalse(Housekeeper.isDue(0, 0, 10_000, 1_000, 4_000));
    }

    @Test
    void shouldNeverBeDueWhenBothTriggersAreOff() {
        assertFalse(Housekeeper.isDue(Long.MAX_VALUE, 0, Long.MAX_VALUE, 0, 0));
    }
}

package dev.mmwal.cli.doctor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitAdviceTest {
    @Test
    void shouldFollowTheSquareRootRuleAndTheDeviceBound() {
        final GroupCommitAdvice.Row row = GroupCommitAdvice.at(200_000, 10_000, 1.0);
        assertEquals(2.0, row.targetBatch(), 1e-9, "sqrt(2 * 200us * 10000/s) = 2");
        assertEquals(2.0, row.batch(), 1e-9);
        assertEquals(5_000, row.syncsPerSecond(), 1e-6);
        assertEquals(250_000, row.commitLatencyNanos(), 1e-3, "L plus half a gap of 100 us");
        assertFalse(row.deviceBound());

        final GroupCommitAdvice.Row busy = GroupCommitAdvice.at(200_000, 100_000, 1.0);
        assertEquals(20.0, busy.batch(), 1e-9, "lambda*L commits arrive during one sync");
        assertTrue(busy.deviceBound());

        assertEquals(1.0, GroupCommitAdvice.at(200_000, 100, 1.0).batch(), 1e-9);
        assertEquals(200_000, GroupCommitAdvice.maxLingerNanos(200_000, 1.0));
        assertEquals(20_000, GroupCommitAdvice.maxLingerNanos(3_000, 1.0));
    }
}

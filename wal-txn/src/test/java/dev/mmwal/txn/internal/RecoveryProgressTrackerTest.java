package dev.mmwal.txn.internal;

import dev.mmwal.txn.RecoveryProgress;
import dev.mmwal.txn.RecoveryProgress.Phase;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RecoveryProgressTrackerTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final RecoveryProgressTracker tracker = new RecoveryProgressTracker(clock::get, 1e6);

    @Test
    void shouldReportNotStartedBeforeRecoveryBegins() {
        assertSame(RecoveryProgress.NOT_STARTED, tracker.snapshot());
    }

    @Test
    void shouldEstimateFromTheAssumedRateBeforeEnoughWasDone() {
        tracker.start(0, 2_000_000);
        final RecoveryProgress start = tracker.snapshot();
        assertEquals(Phase.ANALYSIS, start.phase());
        assertEquals(2_000_000, start.bytesPlanned());
        assertEquals(2_000 * MS, start.etaNanos(), "2 MB at the assumed 1 MB/s");
    }

    @Test
    void shouldPublishEveryFixedNumberOfRecordsWithAnEtaAtTheMeasuredRate() {
        tracker.start(0, 1_000_000);
        for (int i = 1; i < RecoveryProgressTracker.PUBLISH_EVERY; i++) {
            tracker.at(i * 1_000L);
        }
        assertEquals(0, tracker.snapshot().recordsDone(), "not published before the cadence");
        clock.addAndGet(128 * MS);
        tracker.at(256_000);
        final RecoveryProgress now = tracker.snapshot();
        assertEquals(RecoveryProgressTracker.PUBLISH_EVERY, now.recordsDone());
        assertEquals(256_000, now.bytesDone());
        assertEquals(128 * MS, now.elapsedNanos());
        assertEquals(372 * MS, now.etaNanos(), "744,000 bytes left at 2 MB/s");
        assertEquals(0.256, now.fractionDone(), 1e-9);
    }

    @Test
    void shouldAddRedoAndUndoToThePlanAndCountTheBackwardSweep() {
        tracker.start(1_000, 11_000);
        tracker.at(11_000);
        tracker.plan(500, 11_000, 4_000);
        tracker.enter(Phase.REDO, 500);
        tracker.at(11_000);
        tracker.enter(Phase.UNDO, 10_000);
        tracker.at(8_000);
        tracker.enter(Phase.UNDO, 8_000);
        final RecoveryProgress undo = tracker.snapshot();
        assertEquals(10_000 + 10_500 + 2_000, undo.bytesDone());
        assertEquals(10_000 + 10_500 + 4_000, undo.bytesPlanned());
        tracker.done();
        final RecoveryProgress done = tracker.snapshot();
        assertEquals(Phase.DONE, done.phase());
        assertEquals(0, done.etaNanos());
        assertEquals(1.0, done.fractionDone());
    }
}

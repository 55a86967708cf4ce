package dev.mmwal.txn;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.txn.RecoveryProgress.Phase;
import dev.mmwal.txn.testing.MemPageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recovery-time target: progress and ETA while recovery runs, the online replay rate, and the checkpoint trigger. */
class RecoveryTargetTest {
    private static final long SEGMENT_SIZE = 64 << 10;
    private static final TxnConfig NO_CHECKPOINTS = TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).build();

    @TempDir
    Path dir;

    private Wal openWal() {
        return Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build());
    }

    @Test
    void shouldExposeProgressOfEachPhaseWhileRecoveryRunsThenMeasureTheReplayRate() {
        try (Wal wal = openWal(); TxnLog log = TxnLog.open(wal, NO_CHECKPOINTS)) {
            final MemPageStore store = new MemPageStore();
            store.attach(log);
            log.recover(store);
            for (int i = 0; i < 300; i++) {
                final Transaction txn = log.begin();
                for (int u = 0; u < 4; u++) {
                    store.write(log, txn, u, 32 * (i % 4), new byte[32]);
                }
                log.commit(txn);
            }
            for (int loser = 0; loser < 3; loser++) {
                final Transaction txn = log.begin();
                for (int u = 0; u < 5; u++) {
                    store.write(log, txn, 10 + loser, 8 * u, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
                }
            }
        }
        try (Wal wal = openWal(); TxnLog log = TxnLog.open(wal, NO_CHECKPOINTS)) {
            assertEquals(Phase.NOT_STARTED, log.recoveryProgress().phase());
            final ObservingHandler handler = new ObservingHandler(log);
            final RecoveryStats stats = log.recover(handler);
            assertTrue(handler.seen.stream().anyMatch(p -> p.phase() == Phase.REDO), "redo seen: " + handler.seen.size());
            assertTrue(handler.seen.stream().anyMatch(p -> p.phase() == Phase.UNDO), "undo seen");
            for (int i = 1; i < handler.seen.size(); i++) {
                assertTrue(handler.seen.get(i).bytesDone() >= handler.seen.get(i - 1).bytesDone(), "progress never goes back: at " + i);
                assertTrue(handler.seen.get(i).bytesDone() <= handler.seen.get(i).bytesPlanned(), "done within the plan: at " + i);
            }
            final RecoveryProgress done = log.recoveryProgress();
            assertEquals(Phase.DONE, done.phase());
            assertEquals(0, done.etaNanos());
            assertEquals(1.0, done.fractionDone());
            assertEquals(3, stats.losers());
            assertEquals("recovery", log.recoveryEstimate().rateSource(), "a recovery of more than 64 KiB measured the replay rate");
        }
    }

    @Test
    void shouldCheckpointToKeepEstimatedRecoveryUnderTheTargetWithSizeAndTimeTriggersOff() throws InterruptedException {
        final TxnConfig config = TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false)
            .recoveryTimeTarget(100, TimeUnit.MILLISECONDS).assumedReplayBytesPerSecond(1 << 20).build();
        try (Wal wal = openWal(); TxnLog log = TxnLog.open(wal, config)) {
            final MemPageStore store = new MemPageStore();
            store.attach(log);
            log.recover(store);
            final RecoveryEstimate before = log.recoveryEstimate();
            assertEquals(TimeUnit.MILLISECONDS.toNanos(100), before.targetNanos());
            final Transaction txn = log.begin();
            for (int u = 0; u < 600; u++) {
                store.write(log, txn, u % 8, 0, new byte[128]);
            }
            log.commit(txn);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.stats().checkpoints() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(log.stats().checkpoints() >= 1, "the recovery-time trigger took a checkpoint: estimate=" + log.recoveryEstimate());
            final RecoveryEstimate after = log.recoveryEstimate();
            assertTrue(after.redoStartLsn() > 0 && after.replayBytes() > 0, "pages never written back pin redo: " + after);
        }
    }

    /** Delegates to a {@link MemPageStore} and records the recovery progress each redo and undo call sees. */
    private static final class ObservingHandler implements RecoveryHandler {
        final List<RecoveryProgress> seen = new ArrayList<>();
        private final MemPageStore store = new MemPageStore();
        private final TxnLog log;

        ObservingHandler(final TxnLog log) {
            this.log = log;
            store.attach(log);
        }

        @Override
        public long pageLsn(final long pageId) {
            return store.pageLsn(pageId);
        }

        @Override
        public void redo(final TxnRecord record) {
            seen.add(log.recoveryProgress());
            store.redo(record);
        }

        @Override
        public void undo(final TxnRecord update, final Compensation clr) {
            seen.add(log.recoveryProgress());
            store.undo(update, clr);
        }

        @Override
        public void dirtyPages(final DirtyPageSink sink) {
            store.dirtyPages(sink);
        }
    }
}

package dev.mmwal.txn;

import dev.mmwal.txn.internal.UndoPass;
import dev.mmwal.txn.testing.MemPageStore;
import dev.mmwal.txn.testing.TxnHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ARIES scenarios: each crashes the harness (memory lost, disk kept) and recovers. */
class TxnRecoveryTest {
    @TempDir
    Path dir;

    private static byte[] bytes(final int length, final int value) {
        final byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte)value);
        return b;
    }

    private static byte[] page(final int offset, final byte[] content) {
        final byte[] p = new byte[MemPageStore.PAGE_SIZE];
        System.arraycopy(content, 0, p, offset, content.length);
        return p;
    }

    @Test
    void shouldKeepCommittedUpdatesWhenCrashedBeforeWriteBack() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction t = h.log.begin();
            h.store.write(h.log, t, 1, 10, bytes(8, 7));
            h.store.write(h.log, t, 2, 0, bytes(4, 9));
            h.log.commit(t);
            h.crash();
            final RecoveryStats stats = h.open();
            assertArrayEquals(page(10, bytes(8, 7)), h.store.read(1));
            assertArrayEquals(page(0, bytes(4, 9)), h.store.read(2));
            assertEquals(2, stats.redone());
            assertEquals(0, stats.losers());
        }
    }

    @Test
    void shouldUndoUncommittedUpdatesWhenLoserPagesWereWrittenBack() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction loser = h.log.begin();
            h.store.write(h.log, loser, 5, 0, bytes(16, 1));
            h.store.write(h.log, loser, 5, 8, bytes(16, 2));
            h.store.writeBack(h.log, 5);
            assertArrayEquals(h.store.read(5), h.store.readDisk(5), "steal: the loser's page is on disk");
            h.crash();
            final RecoveryStats stats = h.open();
            assertArrayEquals(new byte[MemPageStore.PAGE_SIZE], h.store.read(5));
            assertEquals(1, stats.losers());
            assertEquals(2, stats.undone());
            assertEquals(2, stats.clrsWritten());
            assertEquals(1, stats.endsWritten());
            assertEquals(2, stats.skippedByPageLsn(), "the written-back page already held both updates");
        }
    }

    @Test
    void shouldRestorePagesWhenTransactionIsRolledBackExplicitly() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction t0 = h.log.begin();
            h.store.write(h.log, t0, 3, 0, bytes(4, 5));
            h.log.commit(t0);
            final Transaction t = h.log.begin();
            h.store.write(h.log, t, 3, 0, bytes(4, 6));
            h.store.write(h.log, t, 3, 2, bytes(4, 7));
            h.log.abort(t);
            assertArrayEquals(page(0, bytes(4, 5)), h.store.read(3));
            assertEquals(2, h.log.stats().clrs());
            h.crash();
            final RecoveryStats stats = h.open();
            assertArrayEquals(page(0, bytes(4, 5)), h.store.read(3), "redo repeats the CLRs");
            assertEquals(0, stats.losers());
        }
    }

    @Test
    void shouldKeepWinnerAndUndoLoserWhenInterleavedOnSamePages() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction winner = h.log.begin();
            final Transaction loser = h.log.begin();
            h.store.write(h.log, winner, 1, 0, bytes(4, 1));
            h.store.write(h.log, loser, 1, 4, bytes(4, 2));
            h.store.write(h.log, winner, 1, 8, bytes(4, 3));
            h.store.write(h.log, loser, 2, 0, bytes(4, 4));
            h.store.write(h.log, winner, 2, 4, bytes(4, 5));
            h.log.commit(winner);
            h.store.writeBack(h.log, 2);
            h.crash();
            h.open();
            final byte[] one = new byte[MemPageStore.PAGE_SIZE];
            System.arraycopy(bytes(4, 1), 0, one, 0, 4);
            System.arraycopy(bytes(4, 3), 0, one, 8, 4);
            assertArrayEquals(one, h.store.read(1));
            assertArrayEquals(page(4, bytes(4, 5)), h.store.read(2));
        }
    }

    @Test
    void shouldResumeUndoWithoutUndoingTwiceWhenRecoveryCrashesTwice() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction base = h.log.begin();
            h.store.write(h.log, base, 9, 0, bytes(32, 3));
            h.log.commit(base);
            final Transaction loser = h.log.begin();
            for (int i = 0; i < 6; i++) {
                h.store.write(h.log, loser, 9, i * 4, bytes(4, 10 + i));
            }
            h.store.writeBack(h.log, 9);
            h.crash();
            final TxnConfig stopAfterTwo = TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).stopUndoAfterClrs(2).build();
            assertInstanceOf(UndoPass.Stopped.class, h.openExpectingFailure(stopAfterTwo));
            h.crash();
            assertInstanceOf(UndoPass.Stopped.class, h.openExpectingFailure(stopAfterTwo));
            h.crash();
            final RecoveryStats stats = h.open();
            assertEquals(2, stats.undone(), "6 updates: two rounds of 2 CLRs already undone 4");
            assertArrayEquals(page(0, bytes(32, 3)), h.store.read(9));
        }
    }

    @Test
    void shouldFallBackToPreviousCheckpointWhenControlFileUpdateIsTorn() throws Exception {
        final TxnConfig noTruncate = TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).truncateOnCheckpoint(false).build();
        try (TxnHarness h = new TxnHarness(dir, noTruncate)) {
            h.open();
            final Transaction a = h.log.begin();
            h.store.write(h.log, a, 1, 0, bytes(4, 1));
            final Checkpoint first = h.log.checkpoint();
            h.log.commit(a);
            final Transaction loser = h.log.begin();
            h.store.write(h.log, loser, 1, 4, bytes(4, 2));
            final Checkpoint second = h.log.checkpoint();
            assertTrue(second.endLsn() > first.endLsn());
            h.crash();
            ControlFileTorn.tearNewestCopy(dir.resolve("txn.control"));
            final RecoveryStats stats = h.open();
            assertEquals(first.endLsn(), stats.checkpointLsn(), "the torn copy is not trusted");
            assertArrayEquals(page(0, bytes(4, 1)), h.store.read(1));
            assertEquals(1, stats.losers());
        }
    }

    @Test
    void shouldIgnoreCheckpointBeginWithoutEndWhenCrashedDuringCheckpoint() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Transaction a = h.log.begin();
            h.store.write(h.log, a, 4, 0, bytes(4, 1));
            final Checkpoint done = h.log.checkpoint();
            h.log.commit(a);
            final Transaction loser = h.log.begin();
            h.store.write(h.log, loser, 4, 0, bytes(4, 2));
            h.wal.append(dev.mmwal.txn.format.TxnRecordType.CHECKPOINT_BEGIN, 0, 0, 0, java.lang.foreign.MemorySegment.NULL, 0, 0);
            h.crash();
            final RecoveryStats stats = h.open();
            assertEquals(done.endLsn(), stats.checkpointLsn());
            assertArrayEquals(page(0, bytes(4, 1)), h.store.read(4));
        }
    }

    @Test
    void shouldRecoverAcrossManySegmentsWhenLogWasTruncated() {
        final TxnConfig truncating = TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).build();
        try (TxnHarness h = new TxnHarness(dir, truncating)) {
            h.open();
            final Transaction longRunning = h.log.begin();
            int deleted = 0;
            for (int round = 0; round < 60; round++) {
                final Transaction t = h.log.begin();
                for (int i = 0; i < 20; i++) {
                    h.store.write(h.log, t, 100 + (i % 7), i, bytes(200, round + i));
                }
                h.log.commit(t);
                if (round == 5) {
                    h.store.write(h.log, longRunning, 50, 0, bytes(16, 77));
                }
                if (round % 5 == 4) {
                    h.store.writeBackAll(h.log);
                    deleted += h.log.checkpoint().segmentsDeleted();
                }
            }
            assertTrue(h.wal.tailLsn() > 6 * TxnHarness.SEGMENT_SIZE, "many segments: tail=" + h.wal.tailLsn());
            assertEquals(0, deleted, "the long-running loser pins the log");
            final java.util.Map<Long, byte[]> expected = h.store.snapshot();
            expected.put(50L, new byte[MemPageStore.PAGE_SIZE]);
            h.crash();
            h.open();
            assertEquals(expected.keySet(), h.store.snapshot().keySet());
            expected.forEach((id, content) -> assertArrayEquals(content, h.store.read(id), "page " + id));
            final Transaction t = h.log.begin();
            h.store.write(h.log, t, 101, 0, bytes(8, 1));
            h.log.commit(t);
            h.store.writeBackAll(h.log);
            assertTrue(h.log.checkpoint().segmentsDeleted() > 3, "the loser is gone: truncation proceeds");
            final java.util.Map<Long, byte[]> after = h.store.snapshot();
            h.crash();
            h.open();
            after.forEach((id, content) -> assertArrayEquals(content, h.store.read(id), "page " + id));
        }
    }

    @Test
    void shouldAllocateIdsAboveEveryLoggedIdWhenReopened() {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            long last = 0;
            for (int i = 0; i < 5; i++) {
                final Transaction t = h.log.begin();
                h.store.write(h.log, t, 1, 0, bytes(1, i));
                h.log.commit(t);
                last = t.id();
            }
            h.log.checkpoint();
            h.crash();
            h.open();
            assertTrue(h.log.begin().id() > last);
        }
    }
}

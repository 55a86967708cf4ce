package dev.mmwal;

import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed sync is terminal: no acknowledgement after it, every waiter fails, reopening recovers the durable prefix. */
class FailStopTest {
    private static final long SEGMENT = 1 << 20;

    @TempDir
    Path dir;

    private static FaultInjectingFileOps.Site siteOf(final SyncMethod method) {
        return method == SyncMethod.MSYNC ? FaultInjectingFileOps.Site.SYNC_RANGE : FaultInjectingFileOps.Site.SYNC_DATA;
    }

    @ParameterizedTest
    @EnumSource(SyncMethod.class)
    void shouldFailEveryWaiterAndNeverAcknowledgeAgainWhenSyncFails(final SyncMethod method) throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        final WalConfig config = WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).syncMethod(method).build();
        final ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>();
        final AtomicInteger failedWaiters = new AtomicInteger();
        final AtomicInteger otherErrors = new AtomicInteger();
        final Wal wal = Wal.open(config);
        for (int i = 0; i < 50; i++) {
            final long lsn = wal.appendAndCommit(Payloads.bytes(i, 100));
            acknowledged.add(new long[] {lsn, i});
        }
        final long durableBefore = wal.durableLsn();
        waitForPreparedSegment(ops);
        ops.failAfter(siteOf(method), 0, 1, "EIO");

        final int threads = 8;
        final CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 1000; i++) {
                        final long key = 1000L * (thread + 1) + i;
                        final long lsn = wal.appendAndCommit(Payloads.bytes(key, 100));
                        acknowledged.add(new long[] {lsn, key});
                    }
                } catch (final WalFailedException ex) {
                    failedWaiters.incrementAndGet();
                } catch (final Throwable ex) {
                    otherErrors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(0, otherErrors.get());
        assertEquals(threads, failedWaiters.get(), "every committer saw the failure");
        assertTrue(wal.isFailed());
        assertTrue(wal.metrics().failed());
        final long durableAtFailure = wal.durableLsn();
        assertEquals(durableBefore, durableAtFailure, "the failed sync acknowledged nothing");

        // the next sync would succeed (fsyncgate): it must never be attempted and acknowledged
        ops.heal();
        final WalFailedException append = assertThrows(WalFailedException.class, () -> wal.append(new byte[10]));
        assertInstanceOf(java.io.IOException.class, append.getCause());
        final CompletableFuture<Long> future = wal.durableFuture(durableAtFailure - 1);
        assertEquals(durableAtFailure - 1, future.get());
        Thread.sleep(50);
        assertEquals(durableAtFailure, wal.durableLsn(), "durable LSN never advances after failure");
        try {
            wal.close();
        } catch (final WalException expected) {
            // close reports the failure; the mapping is released either way
        }

        final List<long[]> acks = new ArrayList<>(acknowledged);
        try (Wal reopened = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            final LogRecord record = new LogRecord();
            for (final long[] ack : acks) {
                final WalReader reader = reopened.reader(ack[0]);
                assertTrue(reader.next(record), "acknowledged record lost: lsn=" + ack[0]);
                assertEquals(ack[0], record.lsn());
                assertArrayEquals(Payloads.bytes(ack[1], 100), record.payloadBytes());
            }
            assertTrue(reopened.durableLsn() >= durableAtFailure);
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMethod.class)
    void shouldCompleteFuturesExceptionallyWhenSyncFails(final SyncMethod method) throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).syncMethod(method).maxUnsyncedNanos(0).build())) {
            waitForPreparedSegment(ops);
            ops.failAfter(siteOf(method), 0, Integer.MAX_VALUE, "EIO");
            final long lsn = wal.append(new byte[10]);
            final CompletableFuture<Long> future = wal.durableFuture(lsn);
            final ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            assertInstanceOf(WalFailedException.class, ex.getCause());
            assertThrows(WalFailedException.class, () -> wal.awaitDurable(lsn));
        } catch (final WalFailedException closeReportsFailure) {
            assertTrue(closeReportsFailure.getMessage().contains("dir="));
        }
    }

    /** The preparer syncs a new segment's header at open: let it finish so the injected fault hits a commit sync. */
    private static void waitForPreparedSegment(final FaultInjectingFileOps ops) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (ops.calls(FaultInjectingFileOps.Site.RENAME) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void shouldFailStopWhenStagedWriteFails() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        final WalConfig config = WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).writePath(WritePath.STAGED).build();
        final List<long[]> acks = new ArrayList<>();
        final long durableAtFailure;
        try (Wal wal = Wal.open(config)) {
            for (int i = 0; i < 20; i++) {
                acks.add(new long[] {wal.appendAndCommit(Payloads.bytes(i, 100)), i});
            }
            waitForPreparedSegment(ops);
            ops.failAfter(FaultInjectingFileOps.Site.WRITE, 0, 1, "ENOSPC");
            final long lsn = wal.append(Payloads.bytes(99, 100));
            final WalFailedException ex = assertThrows(WalFailedException.class, () -> wal.awaitDurable(lsn));
            assertTrue(ex.getMessage().contains("ENOSPC") || String.valueOf(ex.getCause()).contains("ENOSPC"), ex.toString());
            durableAtFailure = wal.durableLsn();
            assertTrue(durableAtFailure <= lsn, "the failed write acknowledged nothing");
        }
        try (Wal reopened = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).writePath(WritePath.STAGED).build())) {
            final LogRecord record = new LogRecord();
            for (final long[] ack : acks) {
                final WalReader reader = reopened.reader(ack[0]);
                assertTrue(reader.next(record), "acknowledged record lost: lsn=" + ack[0]);
                assertArrayEquals(Payloads.bytes(ack[1], 100), record.payloadBytes());
            }
            final long next = reopened.appendAndCommit(Payloads.bytes(1000, 10));
            assertTrue(next >= durableAtFailure - 64);
        }
    }

    @Test
    void shouldWaitWithTimeoutWhenNotDurableYet() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            final long lsn = wal.append(new byte[10]);
            assertTrue(wal.awaitDurable(lsn, 10, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> wal.awaitDurable(wal.tailLsn() + 1000));
        }
    }
}

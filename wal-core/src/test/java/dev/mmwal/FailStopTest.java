package dev.mmwal;

import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
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

    @Test
    void shouldFailEveryWaiterAndNeverAcknowledgeAgainWhenSyncFails() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        final WalConfig config = WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).build();
        final ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>();
        final AtomicInteger failedWaiters = new AtomicInteger();
        final AtomicInteger otherErrors = new AtomicInteger();
        final Wal wal = Wal.open(config);
        for (int i = 0; i < 50; i++) {
            final long lsn = wal.appendAndCommit(Payloads.bytes(i, 100));
            acknowledged.add(new long[] {lsn, i});
        }
        final long durableBefore = wal.durableLsn();
        ops.failAfter(FaultInjectingFileOps.Site.SYNC_DATA, 0, 1, "EIO");

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

    @Test
    void shouldCompleteFuturesExceptionallyWhenSyncFails() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).maxUnsyncedNanos(0).build())) {
            ops.failAfter(FaultInjectingFileOps.Site.SYNC_DATA, 0, Integer.MAX_VALUE, "EIO");
            final long lsn = wal.append(new byte[10]);
            final CompletableFuture<Long> future = wal.durableFuture(lsn);
            final ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            assertInstanceOf(WalFailedException.class, ex.getCause());
            assertThrows(WalFailedException.class, () -> wal.awaitDurable(lsn));
        } catch (final WalFailedException closeReportsFailure) {
            assertTrue(closeReportsFailure.getMessage().contains("dir="));
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

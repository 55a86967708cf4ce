package dev.mmwal;

import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurableCommitTest {
    private static final int COMMITS_TOTAL = 4_000;

    @TempDir
    Path dir;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> threadsAndPaths() {
        return java.util.stream.Stream.of(WritePath.values()).flatMap(path -> java.util.stream.IntStream.of(1, 4, 16, 64)
            .mapToObj(threads -> org.junit.jupiter.params.provider.Arguments.of(threads, path)));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("threadsAndPaths")
    void shouldKeepEveryAcknowledgedCommitWhenThreadsCommitConcurrently(final int threads, final WritePath path) throws Exception {
        final ConcurrentHashMap<Long, Long> acknowledged = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final WalConfig config = WalConfig.builder(dir).segmentSize(1 << 20).writePath(path).build();
        final int perThread = COMMITS_TOTAL / threads;
        double meanBatch;
        try (Wal wal = Wal.open(config)) {
            final CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            final long key = (long)thread << 32 | i;
                            final long lsn = wal.appendAndCommit(Payloads.bytes(key, 64 + (i % 3) * 400));
                            if (wal.durableLsn() <= lsn) {
                                throw new AssertionError("acknowledged before durable: lsn=" + lsn + ", durable=" + wal.durableLsn());
                            }
                            acknowledged.put(lsn, key);
                        }
                    } catch (final Throwable ex) {
                        error.compareAndSet(null, ex);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(120, TimeUnit.SECONDS), "committers finished");
            assertNull(error.get(), () -> String.valueOf(error.get()));
            meanBatch = wal.metrics().meanBatchCommits();
            assertTrue(wal.metrics().syncs() > 0, wal.metrics().toString());
        }
        if (threads >= 4) {
            assertTrue(meanBatch > 1.0, "group commit batches under concurrency: meanBatchCommits=" + meanBatch);
        }
        try (Wal wal = Wal.open(config)) {
            final LogRecord record = new LogRecord();
            final WalReader reader = wal.reader(0);
            int found = 0;
            while (reader.next(record)) {
                final Long key = acknowledged.get(record.lsn());
                assertNotNull(key, "a record nobody acknowledged: lsn=" + record.lsn());
                final int i = (int)(long)key;
                assertArrayEquals(Payloads.bytes(key, 64 + (i % 3) * 400), record.payloadBytes());
                found++;
            }
            assertEquals(acknowledged.size(), found);
        }
    }
}

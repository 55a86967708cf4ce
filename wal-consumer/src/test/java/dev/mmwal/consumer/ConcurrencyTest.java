package dev.mmwal.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Many threads, many clients: every thread persists every id of every client (so each message is
 * offered several times at once); exactly one offer of each is accepted, each client's state is
 * the sum of its ids, and a restart gives the same.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int CLIENTS = 50;
    private static final int IDS = 40;

    @TempDir
    Path dir;

    /** State: a running sum of the ids merged (8 bytes). */
    static final class SumInterpreter implements StateInterpreter<byte[]> {
        @Override
        public String id() {
            return "sum";
        }

        @Override
        public byte[] format(final byte[] state) {
            return state;
        }

        @Override
        public byte[] parse(final byte[] bytes) {
            return bytes.clone();
        }

        @Override
        public byte[] merge(final byte[] current, final byte[] entry, final long messageId, final long timestampMillis) {
            final long sum = (current == null ? 0 : ByteBuffer.wrap(current).getLong()) + ByteBuffer.wrap(entry).getLong();
            return ByteBuffer.allocate(8).putLong(sum).array();
        }
    }

    @Test
    void shouldApplyEachMessageOnceWhenManyThreadsPersistForManyClients() throws Exception {
        final ConsumerConfig<byte[]> config = Stores.small(dir, "sums", new SumInterpreter())
            .checkpointBytes(32 << 10).build();                      // background checkpoints run meanwhile
        final AtomicLong accepted = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ConsumerStore<byte[]> store = ConsumerStore.open(config)) {
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int offset = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int id = 1; id <= IDS; id++) {
                            for (int c = 0; c < CLIENTS; c++) {
                                final int client = (c + offset * 7) % CLIENTS;
                                if (store.persist("client-" + client, ByteBuffer.allocate(8).putLong(id).array(), id) >= 0) {
                                    accepted.incrementAndGet();
                                }
                            }
                        }
                    } catch (final Throwable ex) {
                        failure.compareAndSet(null, ex);
                    }
                }));
            }
            start.countDown();
            for (final Thread thread : threads) {
                thread.join();
            }
            assertNull(failure.get());
            assertEquals((long)CLIENTS * IDS, accepted.get(), "each message accepted exactly once");
            assertSums(store);
            assertEquals((long)CLIENTS * IDS * (THREADS - 1), store.stats().duplicates());
        }
        try (ConsumerStore<byte[]> store = ConsumerStore.open(config)) {
            assertSums(store);
        }
    }

    private static void assertSums(final ConsumerStore<byte[]> store) {
        final long expected = (long)IDS * (IDS + 1) / 2;
        for (int c = 0; c < CLIENTS; c++) {
            assertEquals(expected, ByteBuffer.wrap(store.retrieve("client-" + c)).getLong(), "client-" + c);
            assertEquals(IDS, store.maxMessageId("client-" + c));
        }
    }
}

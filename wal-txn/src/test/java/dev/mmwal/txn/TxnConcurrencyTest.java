package dev.mmwal.txn;

import dev.mmwal.txn.testing.MemPageStore;
import dev.mmwal.txn.testing.TxnHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threads run transactions on shared pages (each thread its own 16-byte slot of every page, as a
 * strict two-phase-locking engine would keep them apart), commit or abort, while automatic
 * checkpoints and truncation run and pages are written back at random; each thread leaves one
 * transaction open. After a crash and recovery every page equals the committed model.
 */
class TxnConcurrencyTest {
    private static final int THREADS = 4;
    private static final int PAGES = 8;

    @TempDir
    Path dir;

    @Test
    void shouldMatchCommittedModelWhenThreadsRunWithCheckpointsAndCrash() throws Exception {
        final TxnConfig config = TxnConfig.builder().checkpointEveryBytes(16 << 10).checkpointAfterRecovery(true).build();
        try (TxnHarness h = new TxnHarness(dir, config)) {
            h.open();
            final Map<Long, byte[]> model = new ConcurrentHashMap<>();
            final Set<Long> ids = ConcurrentHashMap.newKeySet();
            final Thread[] threads = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++) {
                final int slot = t;
                threads[t] = Thread.ofPlatform().start(() -> run(h, slot, model, ids));
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            assertNull(h.log.checkpointFailure());
            assertTrue(h.log.stats().checkpoints() > 1, "automatic checkpoints ran: " + h.log.stats());
            assertEquals(THREADS * 301, ids.size(), "every id handed out once");
            h.crash();
            final RecoveryStats stats = h.open();
            assertEquals(THREADS, stats.losers(), stats.toString());
            for (long page = 0; page < PAGES; page++) {
                final byte[] expected = model.getOrDefault(page, new byte[MemPageStore.PAGE_SIZE]);
                assertArrayEquals(expected, h.store.read(page), "page " + page + " after " + stats);
            }
        }
    }

    private static void run(final TxnHarness h, final int slot, final Map<Long, byte[]> model, final Set<Long> ids) {
        final SplittableRandom random = new SplittableRandom(slot * 31L + 7);
        for (int n = 0; n <= 300; n++) {
            final Transaction txn = h.log.begin();
            ids.add(txn.id());
            final Map<Long, byte[]> mine = new java.util.HashMap<>();
            final int updates = 1 + random.nextInt(4);
            for (int u = 0; u < updates; u++) {
                final long page = random.nextInt(PAGES);
                final byte[] value = new byte[16];
                random.nextBytes(value);
                h.store.write(h.log, txn, page, slot * 16, value);
                mine.put(page, value);
            }
            if (random.nextInt(10) == 0) {
                h.store.writeBack(h.log, random.nextInt(PAGES));
            }
            if (n == 300) {
                return;
            }
            if (random.nextInt(5) == 0) {
                h.log.abort(txn);
            } else {
                h.log.commit(txn);
                mine.forEach((page, value) -> model.compute(page, (id, old) -> {
                    final byte[] copy = old == null ? new byte[MemPageStore.PAGE_SIZE] : Arrays.copyOf(old, old.length);
                    System.arraycopy(value, 0, copy, slot * 16, 16);
                    return copy;
                }));
            }
        }
    }

    @Test
    void shouldHandOutDistinctIdsWhenManyThreadsBegin() throws Exception {
        try (TxnHarness h = new TxnHarness(dir)) {
            h.open();
            final Set<Long> seen = ConcurrentHashMap.newKeySet();
            final Thread[] threads = new Thread[8];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = Thread.ofPlatform().start(() -> {
                    final Set<Long> local = new HashSet<>();
                    for (int i = 0; i < 1000; i++) {
                        final Transaction txn = h.log.begin();
                        local.add(txn.id());
                        h.log.commit(txn);
                    }
                    seen.addAll(local);
                });
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            assertEquals(8000, seen.size());
        }
    }
}

package dev.mmwal.kv.internal;

import dev.mmwal.kv.KvLockException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockManagerTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    private static ByteKey key(final long value) {
        return ByteKey.probe(8).wrapLong(1, value).copy();
    }

    /** Two keys of different stripes. */
    private static long[] keysInTwoStripes() {
        final int first = LockManager.spread(key(0).hashCode()) & (LockManager.STRIPES - 1);
        for (long k = 1; ; k++) {
            if ((LockManager.spread(key(k).hashCode()) & (LockManager.STRIPES - 1)) != first) {
                return new long[] {0, k};
            }
        }
    }

    @Test
    void shouldReturnEntriesToThePoolWhenReleased() {
        final LockManager locks = new LockManager(TIMEOUT, 8);
        final LockOwner owner = new LockOwner(1);
        final ByteKey probe = ByteKey.probe(8);
        for (long k = 0; k < 100; k++) {
            locks.acquire(owner, probe.wrapLong(1, k), k % 2 == 0);
        }
        locks.acquire(owner, probe.wrapLong(1, 7), true); // an upgrade of a shared lock held alone
        assertEquals(100, locks.size());
        assertEquals(100, owner.heldCount());
        locks.releaseAll(owner);
        assertEquals(0, locks.size());
        owner.reset(2);
        assertEquals(2, owner.id());
    }

    @Test
    void shouldRefuseTheRequestClosingACycleWhenItsLocksSitInDifferentStripes() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            final long[] keys = keysInTwoStripes();
            final LockManager locks = new LockManager(TIMEOUT, 8);
            final LockOwner first = new LockOwner(11);
            final LockOwner second = new LockOwner(12);
            locks.acquire(first, key(keys[0]), true);
            locks.acquire(second, key(keys[1]), true);
            final CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> locks.acquire(first, key(keys[1]), true));
            while (first.waitingFor == null) {
                Thread.onSpinWait();
            }
            final KvLockException refused = assertThrows(KvLockException.class, () -> locks.acquire(second, key(keys[0]), true));
            assertEquals(KvLockException.Kind.DEADLOCK, refused.kind());
            assertTrue(refused.getMessage().contains("txn 12 waits for " + key(keys[0])), refused.getMessage());
            assertTrue(refused.getMessage().contains("held by txn 11, which waits for " + key(keys[1])), refused.getMessage());
            locks.releaseAll(second); // the refused transaction rolls back: the other one proceeds
            waiting.get(10, TimeUnit.SECONDS);
            locks.releaseAll(first);
            assertEquals(0, locks.size());
        });
    }

    @Test
    void shouldTimeOutNamingTheHolderWhenALockIsHeldTooLong() {
        final LockManager locks = new LockManager(TimeUnit.MILLISECONDS.toNanos(50), 8);
        final LockOwner holder = new LockOwner(21);
        final LockOwner waiter = new LockOwner(22);
        locks.acquire(holder, key(5), false);
        locks.acquire(waiter, key(5), false); // shared locks share
        final KvLockException refused = assertThrows(KvLockException.class, () -> locks.acquire(waiter, key(5), true));
        assertEquals(KvLockException.Kind.TIMEOUT, refused.kind());
        assertTrue(refused.getMessage().contains("heldBy=[txn "), refused.getMessage());
        assertTrue(refused.getMessage().contains("txn 21"), refused.getMessage());
        assertEquals(null, waiter.waitingFor);
        locks.releaseAll(holder);
        locks.releaseAll(waiter);
        assertEquals(0, locks.size());
    }

    @Test
    void shouldSerializeWritersWhenManyThreadsLockTheSameRows() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            final LockManager locks = new LockManager(TIMEOUT, 8);
            final long[] counters = new long[4];
            final int threads = 4;
            final int rounds = 2_000;
            final CompletableFuture<?>[] workers = new CompletableFuture<?>[threads];
            for (int t = 0; t < threads; t++) {
                final int id = t;
                workers[t] = CompletableFuture.runAsync(() -> {
                    final LockOwner owner = new LockOwner(100 + id);
                    final ByteKey probe = ByteKey.probe(8);
                    for (int i = 0; i < rounds; i++) {
                        owner.reset(1_000_000L * id + i);
                        final int a = (i + id) % counters.length;
                        final int b = (a + 1 + i % 3) % counters.length;
                        locks.acquire(owner, probe.wrapLong(1, Math.min(a, b)), true); // in key order: no deadlock
                        locks.acquire(owner, probe.wrapLong(1, Math.max(a, b)), true);
                        counters[a]--; // plain writes, guarded by the row locks alone
                        counters[b]++;
                        locks.releaseAll(owner);
                    }
                });
            }
            CompletableFuture.allOf(workers).get(50, TimeUnit.SECONDS);
            final long[] expected = new long[counters.length]; // the same moves, one at a time: order does not matter
            for (int id = 0; id < threads; id++) {
                for (int i = 0; i < rounds; i++) {
                    final int a = (i + id) % counters.length;
                    expected[a]--;
                    expected[(a + 1 + i % 3) % counters.length]++;
                }
            }
            assertArrayEquals(expected, counters, "a lost update: two writers held one row lock at once");
            assertEquals(0, locks.size());
        });
    }
}

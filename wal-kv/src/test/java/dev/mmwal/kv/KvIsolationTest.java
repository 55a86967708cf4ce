package dev.mmwal.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvIsolationTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoseNoUpdateWhenIncrementedConcurrentlyWithUpgrades() throws Exception {
        try (KvStore store = KvStore.open(KvStoreTest.config(dir).syncMode(SyncMode.GROUP_DEFERRED).lockTimeoutMillis(5000).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn setup = store.begin();
            store.putLong(setup, table, 0, 0);
            store.commit(setup);
            final AtomicLong deadlocks = new AtomicLong();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final boolean upgrade = t % 2 == 0; // half read shared then write (upgrade), half read for update
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 150; ) {
                        final KvTxn txn = store.begin();
                        try {
                            final long value = upgrade ? store.getLong(txn, table, 0, -1) : store.getLongForUpdate(txn, table, 0, -1);
                            store.putLong(txn, table, 0, value + 1);
                            store.commit(txn);
                            i++;
                        } catch (final KvLockException ex) {
                            assertEquals(KvLockException.Kind.DEADLOCK, ex.kind(), ex.getMessage());
                            deadlocks.incrementAndGet();
                            store.rollback(txn);
                        }
                    }
                }));
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            final KvTxn check = store.begin();
            assertEquals(600, store.getLong(check, table, 0, -1), "deadlocks=" + deadlocks);
            store.commit(check);
        }
    }

    @Test
    void shouldNeverReadUncommittedMoneyWhenTransfersRun() throws Exception {
        try (KvStore store = KvStore.open(KvStoreTest.config(dir).syncMode(SyncMode.GROUP_DEFERRED).lockTimeoutMillis(5000).build())) {
            final KvTable table = store.createTable("accounts");
            final KvTxn setup = store.begin();
            for (int i = 0; i < 8; i++) {
                store.putLong(setup, table, i, 100);
            }
            store.commit(setup);
            final AtomicBoolean running = new AtomicBoolean(true);
            final List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                final SplittableRandom random = new SplittableRandom(w);
                writers.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        transferOrRollBack(store, table, random);
                    }
                }));
            }
            long reads = 0;
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (System.nanoTime() < deadline) {
                final KvTxn reader = store.begin();
                try {
                    long sum = 0;
                    for (final KvEntry row : store.scan(reader, table, null, null)) {
                        sum += KvCodec.toLong(row.value());
                    }
                    assertEquals(800, sum, "a reader saw money in flight");
                    reads++;
                } catch (final KvLockException ex) {
                    assertEquals(KvLockException.Kind.DEADLOCK, ex.kind(), ex.getMessage());
                } finally {
                    if (reader.isActive()) {
                        store.commit(reader);
                    }
                }
            }
            running.set(false);
            for (final Thread writer : writers) {
                writer.join();
            }
            assertTrue(reads > 10, "reads=" + reads);
        }
    }

    private static void transferOrRollBack(final KvStore store, final KvTable table, final SplittableRandom random) {
        final KvTxn txn = store.begin();
        try {
            final int from = random.nextInt(8);
            final int to = (from + 1 + random.nextInt(7)) % 8;
            store.putLong(txn, table, from, store.getLongForUpdate(txn, table, from, 0) - 50); // money in flight
            Thread.yield();
            store.putLong(txn, table, to, store.getLongForUpdate(txn, table, to, 0) + 50);
            if (random.nextInt(4) == 0) {
                store.rollback(txn);
            } else {
                store.commit(txn);
            }
        } catch (final KvLockException ex) {
            store.rollback(txn);
        }
    }

    @Test
    void shouldMakeAScanWaitForARowWhoseDeleteIsUncommittedWhenScanning() throws Exception {
        try (KvStore store = KvStore.open(KvStoreTest.config(dir).lockTimeoutMillis(200).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn setup = store.begin();
            for (int i = 0; i < 5; i++) {
                store.putLong(setup, table, i, i);
            }
            store.commit(setup);
            final KvTxn deleter = store.begin();
            store.delete(deleter, table, KvCodec.key(2L));
            final Throwable refused = CompletableFuture.supplyAsync(() -> {
                final KvTxn scanner = store.begin();
                try {
                    return store.scan(scanner, table, null, null).size();
                } finally {
                    store.commit(scanner);
                }
            }).handle((rows, error) -> error).get(5, TimeUnit.SECONDS);
            assertTrue(refused != null && refused.getCause() instanceof KvLockException, "the scan skipped the row being deleted: " + refused);
            store.rollback(deleter);
            final KvTxn scanner = store.begin();
            assertEquals(5, store.scan(scanner, table, null, null).size());
            store.commit(scanner);
        }
    }

    @Test
    void shouldNameBothTransactionsAndKeysWhenDeadlocked() throws Exception {
        try (KvStore store = KvStore.open(KvStoreTest.config(dir).lockTimeoutMillis(10_000).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn first = store.begin();
            final KvTxn second = store.begin();
            store.putString(first, table, "A", "1");
            store.putString(second, table, "B", "2");
            final CountDownLatch waiting = new CountDownLatch(1);
            final CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                waiting.countDown();
                store.putString(first, table, "B", "1"); // waits for second
            });
            waiting.await();
            Thread.sleep(100);
            final KvLockException deadlock = org.junit.jupiter.api.Assertions.assertThrows(KvLockException.class,
                () -> store.putString(second, table, "A", "2"));
            assertEquals(KvLockException.Kind.DEADLOCK, deadlock.kind());
            final String message = deadlock.getMessage();
            assertTrue(message.contains("txn " + second.id() + " waits for table=1/key=A"), message);
            assertTrue(message.contains("held by txn " + first.id() + ", which waits for table=1/key=B"), message);
            assertTrue(message.contains("held by txn " + second.id()), message);
            store.rollback(second);
            blocked.get(5, TimeUnit.SECONDS);
            store.commit(first);
            final KvTxn check = store.begin();
            assertEquals("1", store.getString(check, table, "A"));
            assertEquals("1", store.getString(check, table, "B"));
            store.commit(check);
        }
    }
}

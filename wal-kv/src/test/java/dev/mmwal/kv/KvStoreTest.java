package dev.mmwal.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvStoreTest {
    static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    static KvConfig.Builder config(final Path dir) {
        return KvConfig.builder(dir).segmentSize(SEGMENT).manualCheckpointsOnly().lockTimeoutMillis(300);
    }

    @Test
    void shouldReadOwnAndCommittedWritesWhenCommitted() {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn txn = store.begin();
            store.putString(txn, table, "a", "1");
            assertEquals("1", store.getString(txn, table, "a"));
            assertTrue(store.commit(txn) > 0);
            assertEquals("1", KvCodec.toString(store.get(table, KvCodec.key("a"))));
            assertFalse(txn.isActive());
        }
    }

    @Test
    void shouldRestartAFinishedTransactionWhenReused() {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn txn = store.begin();
            final IllegalStateException active = assertThrows(IllegalStateException.class, () -> store.begin(txn));
            assertTrue(active.getMessage().startsWith("transaction to reuse is still active: txnId=" + txn.id()), active.getMessage());
            store.putLong(txn, table, 1, 10);
            store.commit(txn);
            final long first = txn.id();
            assertTrue(store.begin(txn) == txn);
            assertTrue(txn.isActive());
            assertTrue(txn.id() > first);
            store.putLong(txn, table, 1, 20);
            store.putLong(txn, table, 2, 30); // a new row in a reused transaction
            store.rollback(txn);
            store.begin(txn);
            assertEquals(10, store.getLong(txn, table, 1, -1)); // the rollback restored it
            assertEquals(-1, store.getLong(txn, table, 2, -1)); // and removed the insert
            store.commit(txn);
            assertEquals(0, store.stats().locks());
        }
    }

    @Test
    void shouldHideUncommittedWritesFromOthersWhenNotCommitted() throws Exception {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn setup = store.begin();
            store.putLong(setup, table, 1, 100);
            store.commit(setup);
            final KvTxn writer = store.begin();
            store.putLong(writer, table, 1, 999);
            final Throwable blocked = readerFailure(store, table); // the reader waits out the lock: it never sees 999
            assertTrue(blocked instanceof KvLockException, String.valueOf(blocked));
            assertEquals(KvLockException.Kind.TIMEOUT, ((KvLockException)blocked).kind());
            final CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
                final KvTxn reader = store.begin();
                try {
                    return store.getForUpdate(reader, table, KvCodec.key(1L));
                } finally {
                    store.commit(reader);
                }
            });
            Thread.sleep(50);
            store.rollback(writer);
            assertEquals(100, KvCodec.toLong(waiting.get(5, TimeUnit.SECONDS)));
        }
    }

    private static Throwable readerFailure(final KvStore store, final KvTable table) {
        try {
            CompletableFuture.supplyAsync(() -> store.get(table, KvCodec.key(1L))).join();
        } catch (final java.util.concurrent.CompletionException ex) {
            return ex.getCause();
        }
        throw new AssertionError("the reader saw an uncommitted write");
    }

    @Test
    void shouldRestoreOldValuesWhenRolledBack() {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn setup = store.begin();
            store.putLong(setup, table, 1, 10);
            store.putLong(setup, table, 2, 20);
            store.commit(setup);
            final KvTxn txn = store.begin();
            store.putLong(txn, table, 1, 11);
            store.delete(txn, table, KvCodec.key(2L));
            store.putLong(txn, table, 3, 30);
            store.putLong(txn, table, 2, 22);
            store.rollback(txn);
            final KvTxn check = store.begin();
            assertEquals(10, store.getLong(check, table, 1, -1));
            assertEquals(20, store.getLong(check, table, 2, -1));
            assertEquals(-1, store.getLong(check, table, 3, -1));
            assertEquals(2, store.scan(check, table, null, null).size());
            store.commit(check);
            assertEquals(2, store.rows(table));
        }
    }

    @Test
    void shouldKeepEachTransactionsChangesWhenInterleaved() {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn a = store.begin();
            final KvTxn b = store.begin();
            final KvTxn c = store.begin();
            for (int i = 0; i < 30; i++) {
                store.putLong(a, table, i * 3, i);
                store.putLong(b, table, i * 3 + 1, i);
                store.putLong(c, table, i * 3 + 2, i);
            }
            store.commit(a);
            store.rollback(b);
            store.commit(c);
            final KvTxn check = store.begin();
            final List<KvEntry> rows = store.scan(check, table, null, null);
            assertEquals(60, rows.size());
            for (final KvEntry row : rows) {
                assertTrue(KvCodec.keyToLong(row.key()) % 3 != 1);
            }
            store.commit(check);
        }
    }

    @Test
    void shouldScanInKeyOrderWithinBoundsWhenAsked() {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn txn = store.begin();
            for (final long key : new long[] {5, -3, 100, 0, 42, 7}) {
                store.putLong(txn, table, key, key * 2);
            }
            final List<KvEntry> all = store.scan(txn, table, null, null);
            assertEquals(List.of(-3L, 0L, 5L, 7L, 42L, 100L), all.stream().map(e -> KvCodec.keyToLong(e.key())).toList());
            final List<KvEntry> some = store.scan(txn, table, KvCodec.key(0L), KvCodec.key(42L));
            assertEquals(List.of(0L, 5L, 7L), some.stream().map(e -> KvCodec.keyToLong(e.key())).toList());
            assertEquals(14, KvCodec.toLong(some.get(2).value()));
            store.commit(txn);
        }
    }

    @Test
    void shouldCreateListAndDropTablesWhenAsked() {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable a = store.createTable("a");
            store.createTable("b");
            final KvTxn txn = store.begin();
            store.putString(txn, a, "k", "v");
            store.commit(txn);
            assertEquals(List.of("a", "b"), store.tables());
            store.dropTable("a");
            assertEquals(List.of("b"), store.tables());
            assertThrows(KvException.class, () -> store.table("a"));
            final KvTable again = store.createTable("a");
            final KvTxn check = store.begin();
            assertNull(store.getString(check, again, "k"));
            store.commit(check);
        }
        try (KvStore store = KvStore.open(config(dir).build())) {
            assertEquals(List.of("a", "b"), store.tables());
            assertEquals(0, store.rows(store.table("a")));
        }
    }

    @Test
    void shouldKeepDataWhenReopenedAfterClose() {
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn txn = store.begin();
            for (int i = 0; i < 500; i++) {
                store.putLong(txn, table, i, i * 7);
            }
            store.commit(txn);
        }
        try (KvStore store = KvStore.open(config(dir).build())) {
            final KvTable table = store.table("t");
            final KvTxn txn = store.begin();
            for (int i = 0; i < 500; i++) {
                assertEquals(i * 7L, store.getLong(txn, table, i, -1));
            }
            assertArrayEquals(KvCodec.value(7L), store.get(txn, table, KvCodec.key(1L)));
            store.commit(txn);
            assertEquals(0, store.recovery().aries().losers());
        }
    }

    @Test
    void shouldReturnOnceHandedToTheLogWhenCommittedDeferred() {
        try (KvStore store = KvStore.open(config(dir).syncMode(SyncMode.GROUP_DEFERRED).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn txn = store.begin();
            store.putLong(txn, table, 1, 1);
            final long lsn = store.commit(txn);
            assertTrue(lsn > 0);
            final KvTxn none = store.begin();
            store.putLong(none, table, 2, 2);
            store.commit(none, SyncMode.NONE);
        }
        try (KvStore store = KvStore.open(config(dir).build())) {
            assertEquals(2, store.rows(store.table("t")));
        }
    }
}

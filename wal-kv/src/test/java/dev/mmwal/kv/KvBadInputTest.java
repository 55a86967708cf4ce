package dev.mmwal.kv;

import dev.mmwal.kv.format.PageFileDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvBadInputTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseOversizedKeysAndValuesWithNothingAppliedWhenTooLong() {
        try (KvStore store = KvStore.open(KvStoreTest.config(dir.resolve("s")).build())) {
            final KvTable table = store.createTable("t");
            final KvTxn txn = store.begin();
            store.putLong(txn, table, 1, 1);
            final IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> store.put(txn, table, new byte[65], new byte[1]));
            assertEquals("key too long: length=65, maxKeySize=64", key.getMessage());
            final IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> store.put(txn, table, new byte[1], new byte[185]));
            assertEquals("value too long: length=185, maxValueSize=184", value.getMessage());
            assertTrue(txn.isActive());
            store.commit(txn);
            assertEquals(1, store.rows(table));
        }
    }

    @Test
    void shouldRefuseUnknownAndDroppedTablesWhenUsed() {
        try (KvStore store = KvStore.open(KvStoreTest.config(dir.resolve("s")).build())) {
            final KvException unknown = assertThrows(KvException.class, () -> store.table("nope"));
            assertTrue(unknown.getMessage().startsWith("unknown table: name=nope"), unknown.getMessage());
            final KvTable dropped = store.createTable("gone");
            store.dropTable("gone");
            final KvTxn txn = store.begin();
            final KvException stale = assertThrows(KvException.class, () -> store.putLong(txn, dropped, 1, 1));
            assertTrue(stale.getMessage().startsWith("unknown table: name=gone"), stale.getMessage());
            assertThrows(KvException.class, () -> store.createTable("dup").equals(store.createTable("dup")));
            store.rollback(txn);
        }
    }

    @Test
    void shouldRefuseAFinishedTransactionAndAClosedStoreWhenUsed() {
        final KvStore store = KvStore.open(KvStoreTest.config(dir.resolve("s")).build());
        final KvTable table = store.createTable("t");
        final KvTxn txn = store.begin();
        store.commit(txn);
        final IllegalStateException finished = assertThrows(IllegalStateException.class, () -> store.putLong(txn, table, 1, 1));
        assertTrue(finished.getMessage().startsWith("transaction is finished: txnId="), finished.getMessage());
        assertThrows(IllegalStateException.class, () -> store.commit(txn));
        assertThrows(IllegalStateException.class, () -> store.rollback(txn));
        store.close();
        final IllegalStateException closed = assertThrows(IllegalStateException.class, store::begin);
        assertTrue(closed.getMessage().startsWith("store is closed: dir="), closed.getMessage());
        store.close(); // idempotent
    }

    @Test
    void shouldRefuseAPageFileFromAnotherStoreWhenOpened() throws IOException {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        KvStore.open(KvStoreTest.config(a).build()).close();
        try (KvStore store = KvStore.open(KvStoreTest.config(b).build())) {
            store.createTable("t");
        }
        Files.copy(a.resolve("pages.db"), b.resolve("pages.db"), StandardCopyOption.REPLACE_EXISTING);
        final KvException foreign = assertThrows(KvException.class, () -> KvStore.open(KvStoreTest.config(b).build()));
        assertTrue(foreign.getMessage().startsWith("page file belongs to another store: file="), foreign.getMessage());
    }

    @Test
    void shouldRefuseAnotherVersionWhenOpened() throws IOException {
        final Path a = dir.resolve("a");
        KvStore.open(KvStoreTest.config(a).build()).close();
        try (RandomAccessFile file = new RandomAccessFile(a.resolve("pages.db").toFile(), "rw")) {
            file.seek(PageFileDescriptor.VERSION_OFFSET);
            file.write(new byte[] {9, 0, 0, 0});
        }
        final KvException version = assertThrows(KvException.class, () -> KvStore.open(KvStoreTest.config(a).build()));
        assertTrue(version.getMessage().startsWith("unsupported wal-kv file version: file="), version.getMessage());
        assertTrue(version.getMessage().contains("version=9, supported=1"), version.getMessage());
    }

    @Test
    void shouldRefuseBadConfigurationWhenBuilt() {
        final IllegalArgumentException page = assertThrows(IllegalArgumentException.class, () -> KvConfig.builder(dir).pageSize(3000).build());
        assertEquals("pageSize must be a power of two from 1024 to 32768: pageSize=3000", page.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KvConfig.builder(dir).pageSize(1024).maxValueSize(2000).build());
    }

    @Test
    void shouldReturnNullForAMissingKeyWhenRead() {
        try (KvStore store = KvStore.open(KvStoreTest.config(dir.resolve("s")).build())) {
            assertNull(store.get(store.createTable("t"), new byte[] {1}));
        }
    }
}

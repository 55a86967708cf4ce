package dev.mmwal.kv;

import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvRecoveryTest {
    @TempDir
    Path dir;

    /** Full-page-image mode: the torn-page tests below that are not about the doublewrite file need the images in the log. */
    private KvConfig config() {
        return KvStoreTest.config(dir).tornPageProtection(TornPageProtection.FULL_PAGE_IMAGES).build();
    }

    @Test
    void shouldKeepCommittedAndUndoStolenUncommittedWhenCrashed() {
        final KvStore store = KvStore.open(config());
        final KvTable table = store.createTable("t");
        final KvTxn committed = store.begin();
        for (int i = 0; i < 200; i++) {
            store.putLong(committed, table, i, i);
        }
        store.commit(committed);
        final KvTxn loser = store.begin();
        for (int i = 0; i < 200; i += 2) {
            store.putLong(loser, table, i, -1);
        }
        store.putLong(loser, table, 1000, 1000);
        store.delete(loser, table, KvCodec.key(1L));
        store.checkpoint(); // steal: the loser's changes reach the page file
        final KvTxn late = store.begin();
        store.putLong(late, table, 3, 33);
        store.commit(late); // no-force: only in the log
        store.crash();

        try (KvStore reopened = KvStore.open(config())) {
            final KvRecovery recovery = reopened.recovery();
            assertEquals(1, recovery.aries().losers());
            assertEquals(102, recovery.aries().clrsWritten());
            final KvTable t = reopened.table("t");
            final KvTxn check = reopened.begin();
            for (int i = 0; i < 200; i++) {
                assertEquals(i == 3 ? 33 : i, reopened.getLong(check, t, i, -2), "key " + i);
            }
            assertEquals(-2, reopened.getLong(check, t, 1000, -2));
            reopened.commit(check);
            assertEquals(200, reopened.rows(t));
        }
    }

    @Test
    void shouldRecoverAcrossManySegmentsWhenNeverCheckpointed() throws IOException {
        final KvStore store = KvStore.open(config());
        final KvTable table = store.createTable("t");
        final byte[] value = new byte[150];
        for (int n = 0; n < 400; n++) {
            final KvTxn txn = store.begin();
            for (int k = 0; k < 5; k++) {
                Arrays.fill(value, (byte)n);
                store.put(txn, table, KvCodec.key((long)(n * 5 + k) % 700), value);
            }
            store.commit(txn, SyncMode.GROUP_DEFERRED);
        }
        store.crash();
        assertTrue(segments() > 10, "segments=" + segments());

        try (KvStore reopened = KvStore.open(config())) {
            assertTrue(reopened.recovery().aries().redone() > 1000);
            final KvTable t = reopened.table("t");
            final KvTxn check = reopened.begin();
            for (int key = 0; key < 700; key++) {
                final int last = lastWriter(key);
                assertEquals((byte)last, reopened.get(check, t, KvCodec.key((long)key))[0], "key " + key);
            }
            reopened.commit(check);
        }
    }

    private static int lastWriter(final int key) {
        int last = -1;
        for (int n = 0; n < 400; n++) {
            for (int k = 0; k < 5; k++) {
                if ((n * 5 + k) % 700 == key) {
                    last = n;
                }
            }
        }
        return last;
    }

    @Test
    void shouldTruncateTheLogThenRecoverWhenCheckpointed() throws IOException {
        final KvStore store = KvStore.open(config());
        final KvTable table = store.createTable("t");
        final byte[] value = new byte[150];
        for (int n = 0; n < 600; n++) {
            final KvTxn txn = store.begin();
            store.put(txn, table, KvCodec.key((long)n), value);
            store.commit(txn, SyncMode.NONE);
        }
        final long before = segments();
        store.checkpoint();
        final long after = segments();
        assertTrue(after < before, "segments before=" + before + ", after=" + after);
        final KvTxn txn = store.begin();
        store.putLong(txn, table, 7, 7);
        store.commit(txn);
        store.crash();

        try (KvStore reopened = KvStore.open(config())) {
            final KvTable t = reopened.table("t");
            assertEquals(600, reopened.rows(t));
            final KvTxn check = reopened.begin();
            assertEquals(7, reopened.getLong(check, t, 7, -1));
            reopened.commit(check);
        }
    }

    @Test
    void shouldRepairATornPageFromItsFullPageImageWhenCrashedMidCheckpoint() throws IOException {
        final KvStore store = KvStore.open(config());
        final KvTable table = store.createTable("t");
        final KvTxn setup = store.begin();
        for (int i = 0; i < 300; i++) {
            store.putLong(setup, table, i, i);
        }
        store.commit(setup);
        store.checkpoint(); // pages on disk; their next change logs a full-page image
        final KvTxn change = store.begin();
        for (int i = 0; i < 300; i += 3) {
            store.putLong(change, table, i, i * 10);
        }
        store.commit(change);
        assertTrue(store.writeBackOnly() > 0); // a checkpoint's page writes, its log checkpoint never taken
        store.crash();
        tear(0); // page 0 holds the catalog and the first rows; page 1 only rows
        tear(1);

        try (KvStore reopened = KvStore.open(config())) {
            assertEquals(2, reopened.recovery().tornPages());
            final KvTable t = reopened.table("t");
            final KvTxn check = reopened.begin();
            for (int i = 0; i < 300; i++) {
                assertEquals(i % 3 == 0 ? i * 10L : i, reopened.getLong(check, t, i, -1), "key " + i);
            }
            reopened.commit(check);
        }
    }

    @Test
    void shouldRepairATornPageWhoseOnlyChangesSinceItsWriteBackAreARollbacksClrs() throws IOException {
        final KvStore store = KvStore.open(config());
        final KvTable table = store.createTable("t");
        final KvTxn setup = store.begin();
        for (int i = 0; i < 300; i++) {
            store.putLong(setup, table, i, i);
        }
        store.commit(setup);
        final KvTxn loser = store.begin();
        for (int i = 0; i < 300; i += 3) {
            store.putLong(loser, table, i, -1);
        }
        store.checkpoint(); // steals the loser's changes; the pages' next change would log a full-page image
        store.rollback(loser); // CLRs only: a CLR logs no image
        assertTrue(store.writeBackOnly() > 0); // so this write-back logs one first
        store.crash();
        tear(0);
        tear(1);

        try (KvStore reopened = KvStore.open(config())) {
            assertEquals(2, reopened.recovery().tornPages());
            final KvTable t = reopened.table("t");
            final KvTxn check = reopened.begin();
            for (int i = 0; i < 300; i++) {
                assertEquals(i, reopened.getLong(check, t, i, -2), "key " + i);
            }
            reopened.commit(check);
        }
    }

    @Test
    void shouldRepairATornPageFromTheDoublewriteFileWhenCrashedMidCheckpoint() throws IOException {
        final KvConfig doublewrite = KvStoreTest.config(dir).tornPageProtection(TornPageProtection.DOUBLEWRITE).build();
        final KvStore store = KvStore.open(doublewrite);
        final KvTable table = store.createTable("t");
        final KvTxn setup = store.begin();
        for (int i = 0; i < 300; i++) {
            store.putLong(setup, table, i, i);
        }
        store.commit(setup);
        store.checkpoint();
        final KvTxn change = store.begin();
        for (int i = 0; i < 300; i += 3) {
            store.putLong(change, table, i, i * 10);
        }
        store.commit(change);
        assertTrue(store.writeBackOnly() > 0); // doublewrite file synced, pages written in place, no log checkpoint
        store.crash();
        assertTrue(Files.size(dir.resolve("pages.dw")) >= 2 * 8192);
        tear(0);
        tear(1);

        for (final TornPageProtection mode : TornPageProtection.values()) { // a store opens in either mode
            try (KvStore reopened = KvStore.open(KvStoreTest.config(dir).tornPageProtection(mode).build())) {
                // the first open repairs both pages from pages.dw and writes them in place again: the second finds none torn
                final int torn = mode == TornPageProtection.FULL_PAGE_IMAGES ? 2 : 0;
                assertEquals(torn, reopened.recovery().tornPages());
                assertEquals(torn, reopened.recovery().doublewriteRepairs());
                final KvTable t = reopened.table("t");
                final KvTxn check = reopened.begin();
                for (int i = 0; i < 300; i++) {
                    assertEquals(i % 3 == 0 ? i * 10L : i, reopened.getLong(check, t, i, -1), "key " + i + ", mode " + mode);
                }
                reopened.commit(check);
            }
        }
    }

    /** Overwrites the second half of page {@code pageId} in the page file: a write cut short. */
    private void tear(final long pageId) throws IOException {
        final int pageSize = 8192;
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("pages.db").toFile(), "rw")) {
            final byte[] garbage = new byte[pageSize / 2];
            Arrays.fill(garbage, (byte)0x5A);
            file.seek((pageId + 1) * pageSize + pageSize / 2);
            file.write(garbage);
        }
    }

    private long segments() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).count();
        }
    }
}

package dev.mmwal.bench.kv;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.MetaType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * H2 MVStore's {@link TransactionStore} without sync: {@link Transaction#commit} only, the store's
 * default background auto-commit writing chunks to the file about once a second (no {@code fsync}).
 * Every operation is a transaction of its own (the TransactionStore reads through one): a get is
 * {@code begin, get, commit}; a put {@code begin, put, commit}; a scan {@code entryIterator(from)}
 * for {@link OpsPeer#SCAN_ROWS} rows. Keys and values are {@code byte[]} ({@link ByteArrayDataType}).
 */
final class H2OpsPeer implements OpsPeer {
    private static final String MAP = "ops";
    private static final int LOCK_TIMEOUT_MILLIS = 1000;

    private final MVStore store;
    private final TransactionStore txns;

    H2OpsPeer(final Path dir) {
        this.store = new MVStore.Builder().fileName(dir.resolve("ops.mv.db").toString()).open();
        this.txns = new TransactionStore(store, new MetaType<>(null, null), new ObjectDataType(), LOCK_TIMEOUT_MILLIS);
        txns.init();
    }

    @Override
    public void load(final byte[] value, final int rows) {
        for (int first = 0; first < rows; first += OpsRows.LOAD_BATCH) {
            final Transaction txn = txns.begin();
            final TransactionMap<byte[], byte[]> map = map(txn);
            for (int index = first; index < Math.min(rows, first + OpsRows.LOAD_BATCH); index++) {
                map.put(OpsRows.key(index), value);
            }
            txn.commit();
        }
        store.commit();
    }

    @Override
    public int get(final int index) {
        final Transaction txn = txns.begin();
        try {
            final byte[] value = map(txn).get(OpsRows.key(index));
            return value == null ? -1 : value.length;
        } finally {
            txn.commit();
        }
    }

    @Override
    public void put(final int index, final byte[] value) {
        final Transaction txn = txns.begin();
        try {
            map(txn).put(OpsRows.key(index), value);
        } catch (final RuntimeException ex) {
            txn.rollback(); // a lock timeout (another thread's put of the same key): nothing half-applied
            throw ex;
        }
        txn.commit();
    }

    @Override
    public int scan(final int first) {
        final Transaction txn = txns.begin();
        try {
            int rows = 0;
            final Iterator<Map.Entry<byte[], byte[]>> iterator = map(txn).entryIterator(OpsRows.key(first), null);
            while (rows < SCAN_ROWS && iterator.hasNext()) {
                rows += iterator.next().getValue().length > 0 ? 1 : 0;
            }
            return rows;
        } finally {
            txn.commit();
        }
    }

    private static TransactionMap<byte[], byte[]> map(final Transaction txn) {
        return txn.openMap(MAP, ByteArrayDataType.INSTANCE, ByteArrayDataType.INSTANCE);
    }

    @Override
    public void close() {
        txns.close();
        store.close();
    }
}

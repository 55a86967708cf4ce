package dev.mmwal.bench.kv;

import dev.mmwal.kv.KvConfig;
import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.KvTable;
import dev.mmwal.kv.KvTxn;
import dev.mmwal.kv.SyncMode;

import java.nio.file.Path;

/**
 * wal-kv with {@link SyncMode#NONE} (a commit returns once its COMMIT is published in the mapped log;
 * the log syncs only at checkpoints and close). Slots sized to the rows; default checkpoints (every
 * 5 s or 32 MiB of log). A get is {@link KvStore#get(KvTable, byte[])} (committed data, its own
 * short transaction); a scan runs in a transaction under shared row locks.
 */
final class MmwalOpsPeer implements OpsPeer {
    private final KvStore store;
    private final KvTable table;

    MmwalOpsPeer(final Path dir) {
        this.store = KvStore.open(KvConfig.builder(dir).maxKeySize(OpsRows.KEY_SIZE).maxValueSize(OpsRows.VALUE_SIZE)
            .syncMode(SyncMode.NONE).build());
        this.table = store.openTable("ops");
    }

    @Override
    public void load(final byte[] value, final int rows) {
        for (int first = 0; first < rows; first += OpsRows.LOAD_BATCH) {
            final KvTxn txn = store.begin();
            for (int index = first; index < Math.min(rows, first + OpsRows.LOAD_BATCH); index++) {
                store.put(txn, table, OpsRows.key(index), value);
            }
            store.commit(txn);
        }
    }

    @Override
    public int get(final int index) {
        final byte[] value = store.get(table, OpsRows.key(index));
        return value == null ? -1 : value.length;
    }

    @Override
    public void put(final int index, final byte[] value) {
        final KvTxn txn = store.begin();
        store.put(txn, table, OpsRows.key(index), value);
        store.commit(txn);
    }

    @Override
    public int scan(final int first) {
        final KvTxn txn = store.begin();
        try {
            return store.scan(txn, table, OpsRows.key(first), OpsRows.key(first + SCAN_ROWS)).size();
        } finally {
            store.commit(txn);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}

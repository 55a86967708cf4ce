package dev.mmwal.bench.kv;

import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * LMDB (lmdbjava) with {@code MDB_NOSYNC}: a commit writes its pages and the meta page but syncs
 * nothing (the OS writes them back later). A get runs in a read transaction of its own; a put is a
 * write transaction of its own; a scan is a cursor in a read transaction: {@code MDB_SET_RANGE},
 * then {@code next}. Keys are copied into a thread's direct buffer; values are read in place from
 * the map (their length is all a get returns).
 */
final class LmdbOpsPeer implements OpsPeer {
    private static final long MAP_SIZE = 4L << 30;

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> table;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    LmdbOpsPeer(final Path dir) {
        this.env = Env.create().setMapSize(MAP_SIZE).setMaxDbs(1).setMaxReaders(256).open(dir.toFile(), EnvFlags.MDB_NOSYNC);
        this.table = env.openDbi("ops", DbiFlags.MDB_CREATE);
    }

    @Override
    public void load(final byte[] value, final int rows) {
        final Buffers own = buffers.get();
        for (int first = 0; first < rows; first += OpsRows.LOAD_BATCH) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                for (int index = first; index < Math.min(rows, first + OpsRows.LOAD_BATCH); index++) {
                    table.put(txn, own.key(index), own.value(value));
                }
                txn.commit();
            }
        }
    }

    @Override
    public int get(final int index) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            final ByteBuffer value = table.get(txn, buffers.get().key(index));
            return value == null ? -1 : value.remaining();
        }
    }

    @Override
    public void put(final int index, final byte[] value) {
        final Buffers own = buffers.get();
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            table.put(txn, own.key(index), own.value(value));
            txn.commit();
        }
    }

    @Override
    public int scan(final int first) {
        int rows = 0;
        try (Txn<ByteBuffer> txn = env.txnRead(); Cursor<ByteBuffer> cursor = table.openCursor(txn)) {
            for (boolean found = cursor.get(buffers.get().key(first), GetOp.MDB_SET_RANGE); found && rows < SCAN_ROWS; found = cursor.next()) {
                rows += cursor.val().remaining() > 0 ? 1 : 0;
            }
        }
        return rows;
    }

    @Override
    public void close() {
        table.close();
        env.close();
    }

    /** One thread's direct buffers: LMDB copies keys and values out of them. */
    private static final class Buffers {
        private final byte[] keyBytes = new byte[OpsRows.KEY_SIZE];
        private final ByteBuffer key = ByteBuffer.allocateDirect(OpsRows.KEY_SIZE);
        private final ByteBuffer value = ByteBuffer.allocateDirect(OpsRows.VALUE_SIZE);

        ByteBuffer key(final int index) {
            OpsRows.fill(keyBytes, index);
            return key.clear().put(keyBytes).flip();
        }

        ByteBuffer value(final byte[] bytes) {
            return value.clear().put(bytes).flip();
        }
    }
}

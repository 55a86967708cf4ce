package dev.mmwal.bench.kv;

import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Transaction;
import org.rocksdb.TransactionDB;
import org.rocksdb.TransactionDBOptions;
import org.rocksdb.WriteOptions;

import java.nio.file.Path;

/**
 * RocksDB {@link TransactionDB} with {@code sync=false} (the WAL is written on every commit, never
 * synced by the commit). A put is a transaction of its own; a get is {@code db.get}; a scan an
 * iterator: seek, then {@link OpsPeer#SCAN_ROWS} rows. Compression off, all else default.
 */
final class RocksOpsPeer implements OpsPeer {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final TransactionDBOptions txnOptions;
    private final TransactionDB db;
    private final WriteOptions write = new WriteOptions().setSync(false);
    private final ReadOptions read = new ReadOptions();

    RocksOpsPeer(final Path dir) {
        this.options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION);
        this.txnOptions = new TransactionDBOptions();
        try {
            this.db = TransactionDB.open(options, txnOptions, dir.toString());
        } catch (final RocksDBException ex) {
            throw new IllegalStateException("cannot open RocksDB: dir=" + dir, ex);
        }
    }

    @Override
    public void load(final byte[] value, final int rows) {
        for (int first = 0; first < rows; first += OpsRows.LOAD_BATCH) {
            try (Transaction txn = db.beginTransaction(write)) {
                for (int index = first; index < Math.min(rows, first + OpsRows.LOAD_BATCH); index++) {
                    txn.put(OpsRows.key(index), value);
                }
                txn.commit();
            } catch (final RocksDBException ex) {
                throw new IllegalStateException("RocksDB load failed: first=" + first, ex);
            }
        }
    }

    @Override
    public int get(final int index) {
        try {
            final byte[] value = db.get(read, OpsRows.key(index));
            return value == null ? -1 : value.length;
        } catch (final RocksDBException ex) {
            throw new IllegalStateException("RocksDB get failed: index=" + index, ex);
        }
    }

    @Override
    public void put(final int index, final byte[] value) {
        try (Transaction txn = db.beginTransaction(write)) {
            txn.put(OpsRows.key(index), value);
            txn.commit();
        } catch (final RocksDBException ex) {
            throw new IllegalStateException("RocksDB put failed: index=" + index, ex);
        }
    }

    @Override
    public int scan(final int first) {
        int rows = 0;
        try (RocksIterator iterator = db.newIterator(read)) {
            for (iterator.seek(OpsRows.key(first)); iterator.isValid() && rows < SCAN_ROWS; iterator.next()) {
                rows += iterator.value().length > 0 ? 1 : 0;
            }
        }
        return rows;
    }

    @Override
    public void close() {
        read.close();
        write.close();
        db.close();
        txnOptions.close();
        options.close();
    }
}

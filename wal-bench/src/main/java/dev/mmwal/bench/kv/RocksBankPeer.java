package dev.mmwal.bench.kv;

import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Transaction;
import org.rocksdb.TransactionDB;
import org.rocksdb.TransactionDBOptions;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * RocksDB {@link TransactionDB} (pessimistic transactions) running the same transfer: both accounts
 * read with {@code getForUpdate} in account order, two puts and a transfer row, commit with
 * {@code sync=true} (RocksDB groups concurrent commits into one WAL sync); overdrafts roll back.
 */
final class RocksBankPeer implements BankPeer {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final TransactionDBOptions txnOptions;
    private final TransactionDB db;
    private final WriteOptions sync = new WriteOptions().setSync(true);
    private final ReadOptions read = new ReadOptions();

    RocksBankPeer(final Path dir) {
        this.options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION);
        this.txnOptions = new TransactionDBOptions();
        try {
            this.db = TransactionDB.open(options, txnOptions, dir.toString());
            try (Transaction txn = db.beginTransaction(sync)) {
                for (int account = 0; account < ACCOUNTS; account++) {
                    txn.put(key(account), value(BALANCE));
                }
                txn.commit();
            }
        } catch (final RocksDBException ex) {
            throw new IllegalStateException("cannot open RocksDB: dir=" + dir, ex);
        }
    }

    @Override
    public boolean transfer(final SplittableRandom random, final long transferId) {
        final int from = random.nextInt(ACCOUNTS);
        int to = random.nextInt(ACCOUNTS - 1);
        to += to >= from ? 1 : 0;
        final long amount = 1 + random.nextLong(BALANCE / 2);
        try (Transaction txn = db.beginTransaction(sync)) {
            try {
                final long low = balance(txn.getForUpdate(read, key(Math.min(from, to)), true));
                final long high = balance(txn.getForUpdate(read, key(Math.max(from, to)), true));
                final long fromBalance = from < to ? low : high;
                final long toBalance = from < to ? high : low;
                txn.put(key(from), value(fromBalance - amount));
                txn.put(key(to), value(toBalance + amount));
                if (fromBalance - amount < 0) {
                    txn.rollback();
                    return false;
                }
                txn.put(ByteBuffer.allocate(9).put((byte)'t').putLong(transferId).array(),
                    ByteBuffer.allocate(24).putLong(from).putLong(to).putLong(amount).array());
                txn.commit();
                return true;
            } catch (final RocksDBException ex) {
                txn.rollback();
                return false;
            }
        } catch (final RocksDBException ex) {
            throw new IllegalStateException("RocksDB transfer failed: transferId=" + transferId, ex);
        }
    }

    @Override
    public long totalBalance() {
        long total = 0;
        try {
            for (int account = 0; account < ACCOUNTS; account++) {
                total += balance(db.get(read, key(account)));
            }
        } catch (final RocksDBException ex) {
            throw new IllegalStateException("RocksDB read failed: dir=" + db.getName(), ex);
        }
        return total;
    }

    private static byte[] key(final int account) {
        return ByteBuffer.allocate(5).put((byte)'a').putInt(account).array();
    }

    private static byte[] value(final long balance) {
        return ByteBuffer.allocate(8).putLong(balance).array();
    }

    private static long balance(final byte[] value) {
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    @Override
    public void close() {
        read.close();
        sync.close();
        db.close();
        txnOptions.close();
        options.close();
    }
}

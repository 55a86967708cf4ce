package dev.mmwal.bench.peers;

import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RocksDB used as a log: one put per record (an 8-byte key unique per thread and record, the
 * payload as value) with the WAL on. Durable commits set {@code WriteOptions.setSync(true)}, as
 * RocksDB's documentation prescribes for durability; RocksDB itself groups concurrent writers
 * into one WAL write and sync (its write-thread leader). No-sync appends use the default
 * {@code sync=false} (WAL written, not synced). Compression is off (payloads are random); all
 * else is default. Syncs are counted by RocksDB's own {@code WAL_FILE_SYNCED} ticker.
 */
public final class RocksLog implements AppendLog, CommitLog {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final Statistics statistics;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final byte[] payload;
    private final AtomicInteger threads = new AtomicInteger();

    public RocksLog(final Path dir, final byte[] payload, final boolean sync) {
        this.statistics = new Statistics();
        this.options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION)
            .setStatistics(statistics);
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (final RocksDBException ex) {
            options.close();
            statistics.close();
            throw new IllegalStateException("cannot open RocksDB: dir=" + dir, ex);
        }
        this.writeOptions = new WriteOptions().setSync(sync);
        this.payload = payload;
    }

    @Override
    public Appender appender() {
        return new RocksWriter(db, writeOptions, payload, threads.getAndIncrement());
    }

    @Override
    public Committer committer() {
        return new RocksWriter(db, writeOptions, payload, threads.getAndIncrement());
    }

    @Override
    public long syncs() {
        return statistics.getTickerCount(TickerType.WAL_FILE_SYNCED);
    }

    @Override
    public void close() {
        writeOptions.close();
        db.close();
        options.close();
        statistics.close();
    }

    private static final class RocksWriter implements Appender, Committer {
        private final RocksDB db;
        private final WriteOptions writeOptions;
        private final byte[] payload;
        private final byte[] key = new byte[Long.BYTES];
        private final ByteBuffer keyView = ByteBuffer.wrap(key).order(ByteOrder.BIG_ENDIAN);
        private final long keyBase;
        private long sequence;

        RocksWriter(final RocksDB db, final WriteOptions writeOptions, final byte[] payload, final int thread) {
            this.db = db;
            this.writeOptions = writeOptions;
            this.payload = payload;
            this.keyBase = (long)thread << 40;
        }

        @Override
        public long append() {
            keyView.putLong(0, keyBase | sequence++);
            try {
                db.put(writeOptions, key, payload);
            } catch (final RocksDBException ex) {
                throw new IllegalStateException("RocksDB put failed: status=" + ex.getStatus(), ex);
            }
            return sequence;
        }

        @Override
        public void close() {
            // nothing per thread to release
        }

        @Override
        public long commit() {
            return append();
        }
    }
}

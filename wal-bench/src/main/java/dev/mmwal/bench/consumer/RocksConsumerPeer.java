package dev.mmwal.bench.consumer;

import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * RocksDB as the store: the client's max id is read back ({@code get}) for the dedup check, then
 * the new state and max id are written in one {@link WriteBatch} with {@code sync=true}, so the
 * two change atomically and durably; RocksDB groups concurrent writers into one WAL sync.
 * Compression off; all else default.
 */
public final class RocksConsumerPeer implements ConsumerPeer {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions sync = new WriteOptions().setSync(true);

    public RocksConsumerPeer(final Path dir) {
        this.options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION);
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (final RocksDBException ex) {
            options.close();
            throw new IllegalStateException("cannot open RocksDB: dir=" + dir, ex);
        }
    }

    @Override
    public boolean persist(final String clientId, final byte[] data, final long messageId) {
        final byte[] maxKey = ("max/" + clientId).getBytes(StandardCharsets.UTF_8);
        try (WriteBatch batch = new WriteBatch()) {
            final byte[] max = db.get(maxKey);
            if (max != null && ByteBuffer.wrap(max).getLong() >= messageId) {
                return false;
            }
            batch.put(("state/" + clientId).getBytes(StandardCharsets.UTF_8), data);
            batch.put(maxKey, ByteBuffer.allocate(Long.BYTES).putLong(messageId).array());
            db.write(sync, batch);
            return true;
        } catch (final RocksDBException ex) {
            throw new IllegalStateException("RocksDB persist failed: client=" + clientId + ", messageId=" + messageId, ex);
        }
    }

    @Override
    public void close() {
        sync.close();
        db.close();
        options.close();
    }
}

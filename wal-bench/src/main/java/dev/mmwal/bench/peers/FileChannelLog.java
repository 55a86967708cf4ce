package dev.mmwal.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain Java log: each record is one positional {@link FileChannel#write(ByteBuffer, long)}
 * (a {@code pwrite}) at a position taken from a shared counter, from a per-thread direct buffer.
 * <ul>
 *   <li>no-sync appends: a fresh file that grows with every write, never synced;</li>
 *   <li>durable commits: a 1 GiB preallocated file (wrapping around), and {@code force(false)}
 *   ({@code fdatasync}) after every write: no grouping beyond what the file system does with
 *   concurrent syncs.</li>
 * </ul>
 */
public final class FileChannelLog implements AppendLog, CommitLog {
    /** Size of the preallocated file for durable commits. */
    static final long PREALLOCATED = 1L << 30;

    private final FileChannel channel;
    private final byte[] payload;
    private final long wrap;
    private final AtomicLong position = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();

    public FileChannelLog(final Path dir, final byte[] payload, final boolean durable) {
        final Path file = dir.resolve("log.bin");
        try {
            this.channel = durable
                ? Files2.preallocated(file, PREALLOCATED)
                : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot create log file: file=" + file, ex);
        }
        this.payload = payload;
        this.wrap = durable ? PREALLOCATED - PREALLOCATED % payload.length : Long.MAX_VALUE;
    }

    @Override
    public Appender appender() {
        return new Writer();
    }

    @Override
    public Committer committer() {
        return new Writer();
    }

    @Override
    public long syncs() {
        return syncs.get();
    }

    @Override
    public void close() {
        Files2.close(channel);
    }

    private final class Writer implements Appender, Committer {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(payload.length).put(payload).flip();

        @Override
        public long append() {
            final long at = position.getAndAdd(payload.length) % wrap;
            buffer.clear();
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer, at + buffer.position());
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("write failed: position=" + at, ex);
            }
            return at;
        }

        @Override
        public void close() {
            // nothing per thread to release
        }

        @Override
        public long commit() {
            final long at = append();
            try {
                channel.force(false);
            } catch (final IOException ex) {
                throw new UncheckedIOException("fdatasync failed: position=" + at, ex);
            }
            syncs.incrementAndGet();
            return at;
        }
    }
}

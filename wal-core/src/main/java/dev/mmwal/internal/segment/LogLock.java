package dev.mmwal.internal.segment;

import dev.mmwal.WalException;
import dev.mmwal.format.LockFileDescriptor;
import dev.mmwal.io.CacheEpoch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive writer lock of a log directory ({@code mmwal.lock}, an OS file lock, released by
 * the kernel when the process dies) and the page-cache epoch recorded in it
 * ({@link LockFileDescriptor}). Used by the opening thread only.
 */
public final class LogLock implements AutoCloseable {
    public static final String FILE_NAME = "mmwal.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final CacheEpoch previousEpoch;
    private final java.util.concurrent.atomic.AtomicBoolean forgotten = new java.util.concurrent.atomic.AtomicBoolean();

    private LogLock(final FileChannel channel, final FileLock lock, final CacheEpoch previousEpoch) {
        this.channel = channel;
        this.lock = lock;
        this.previousEpoch = previousEpoch;
    }

    /**
     * Takes the lock of {@code directory} (creating the file) and reads the epoch its last holder
     * recorded.
     *
     * @throws WalException when another writer, in this process or another, holds it.
     */
    public static LogLock acquire(final Path directory) throws IOException {
        final Path file = directory.resolve(FILE_NAME);
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            final FileLock lock = tryLock(channel, directory, file);
            return new LogLock(channel, lock, readEpoch(channel));
        } catch (final IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
    }

    private static FileLock tryLock(final FileChannel channel, final Path directory, final Path file) throws IOException {
        final FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (final OverlappingFileLockException ex) {
            throw new WalException("log is already open for writing in this process: dir=" + directory);
        }
        if (lock == null) {
            throw new WalException("log is locked by another writer: dir=" + directory + ", lockFile=" + file);
        }
        return lock;
    }

    private static CacheEpoch readEpoch(final FileChannel channel) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment content = arena.allocate(LockFileDescriptor.LENGTH, 8);
            final ByteBuffer buffer = content.asByteBuffer();
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
                // read until full or end of file
            }
            return LockFileDescriptor.read(content.asSlice(0, buffer.position()));
        }
    }

    /** The epoch the previous holder recorded; {@link CacheEpoch#UNKNOWN} for a new or format-2 log. */
    public CacheEpoch previousEpoch() {
        return previousEpoch;
    }

    /**
     * Records {@code epoch} as this holder's and syncs it. Call only after recovery is complete and
     * durable: a crash before this leaves the previous epoch, so the next recovery repeats the
     * same decision.
     */
    public void recordEpoch(final CacheEpoch epoch) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment content = arena.allocate(LockFileDescriptor.LENGTH, 8);
            LockFileDescriptor.write(content, epoch);
            final ByteBuffer buffer = content.asByteBuffer();
            while (buffer.hasRemaining()) {
                channel.write(buffer, buffer.position());
            }
            channel.truncate(LockFileDescriptor.LENGTH);
            channel.force(false);
        }
    }

    /**
     * Best effort, once: replaces the recorded epoch with one that matches no epoch, so the next
     * recovery takes the safe path. Called when the log fails: a failed write-back can leave a
     * published record's page lost (zeros on the next read) inside this very epoch, and then a
     * record after it must not be kept. If even this write fails, the I/O error that failed the
     * log is already there for the operator; the next open's recovery still never accepts a torn
     * or stale record, only the ordering guarantee rests on this.
     */
    public void forgetEpoch() {
        if (!forgotten.compareAndSet(false, true)) {
            return;
        }
        try {
            recordEpoch(CacheEpoch.UNKNOWN);
        } catch (final IOException | RuntimeException ignored) {
            // the log has failed already; the failure it reports is the one that matters
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (final IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing more to release
        }
    }
}

package dev.mmwal.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The simple hand-written group commit a Java team would write first: committers copy their record
 * into a shared staging buffer under a lock and wait; one syncer thread swaps the staging buffer
 * for an empty one, writes the whole batch with one {@code pwrite} and makes it durable with one
 * {@code fdatasync}, then wakes every committer. Whatever queued during a sync rides the next one
 * (greedy batching, no linger). Preallocated 1 GiB file like {@link FileChannelLog}, wrapping.
 *
 * <p>Threads: any number of committers; one syncer thread owned by this object. Blocking.
 */
public final class GroupCommitFileLog implements CommitLog {
    private static final int STAGING = 1 << 20;

    private final FileChannel channel;
    private final byte[] payload;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final Thread syncer;
    private ByteBuffer filling = ByteBuffer.allocateDirect(STAGING);
    private ByteBuffer spare = ByteBuffer.allocateDirect(STAGING);
    private long stagedEnd;
    private long durableEnd;
    private long syncs;
    private boolean closed;
    private Throwable failure;

    public GroupCommitFileLog(final Path dir, final byte[] payload) {
        this.channel = Files2.preallocated(dir.resolve("log.bin"), FileChannelLog.PREALLOCATED);
        this.payload = payload;
        this.syncer = new Thread(this::syncLoop, "group-commit-syncer");
        syncer.setDaemon(true);
        syncer.start();
    }

    @Override
    public Committer committer() {
        return this::commit;
    }

    private long commit() {
        lock.lock();
        try {
            while (filling.remaining() < payload.length) {
                checkOpen();
                progress.awaitUninterruptibly();
            }
            filling.put(payload);
            stagedEnd += payload.length;
            final long end = stagedEnd;
            work.signal();
            while (durableEnd < end) {
                checkOpen();
                progress.awaitUninterruptibly();
            }
            return end;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (failure != null) {
            throw new IllegalStateException("group commit syncer failed", failure);
        }
        if (closed) {
            throw new IllegalStateException("group commit log closed");
        }
    }

    private void syncLoop() {
        while (true) {
            final ByteBuffer batch;
            final long end;
            lock.lock();
            try {
                while (filling.position() == 0 && !closed) {
                    work.awaitUninterruptibly();
                }
                if (filling.position() == 0) {
                    return;
                }
                batch = filling;
                filling = spare;
                spare = null;
                end = stagedEnd;
                progress.signalAll();
            } finally {
                lock.unlock();
            }
            batch.flip();
            try {
                write(batch, end - batch.remaining());
                channel.force(false);
            } catch (final IOException | RuntimeException ex) {
                fail(ex);
                return;
            }
            lock.lock();
            try {
                spare = batch.clear();
                durableEnd = end;
                syncs++;
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void write(final ByteBuffer batch, final long logPosition) throws IOException {
        long at = logPosition % FileChannelLog.PREALLOCATED;
        while (batch.hasRemaining()) {
            final int room = (int)Math.min(batch.remaining(), FileChannelLog.PREALLOCATED - at);
            final ByteBuffer part = batch.slice(batch.position(), room);
            while (part.hasRemaining()) {
                channel.write(part, at + part.position());
            }
            batch.position(batch.position() + room);
            at = 0;
        }
    }

    private void fail(final Throwable cause) {
        lock.lock();
        try {
            failure = cause;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            syncer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot close group commit log", ex);
        }
    }
}

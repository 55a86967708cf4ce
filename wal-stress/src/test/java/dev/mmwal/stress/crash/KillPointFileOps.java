package dev.mmwal.stress.crash;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.FileOps;
import dev.mmwal.testing.ForwardingFileOps;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Wraps the real file operations and freezes the calling thread at a {@link KillPoint} on its
 * {@code n}-th occurrence, after printing {@code K <point>}: the parent reads that line and
 * SIGKILLs the process while the thread sits exactly there. Threads are told apart by the names
 * wal-core's agent runners give them ({@code mmwal-flusher}, {@code mmwal-preparer}) and by the
 * opening thread for recovery.
 */
final class KillPointFileOps extends ForwardingFileOps {
    private final KillPoint point;
    private final AtomicInteger remaining;
    private final PrintStream out;
    private volatile Thread opener;

    KillPointFileOps(final FileOps delegate, final KillPoint point, final int occurrence, final PrintStream out) {
        super(delegate);
        this.point = point;
        this.remaining = new AtomicInteger(occurrence);
        this.out = out;
    }

    /** Recovery points fire only on this thread (the one calling {@code Wal.open}); null disarms them. */
    void opener(final Thread thread) {
        opener = thread;
    }

    private static boolean on(final String role) {
        return role.equals(Thread.currentThread().getName());
    }

    private void reach(final KillPoint at) {
        if (at != point || remaining.decrementAndGet() != 0) {
            return;
        }
        synchronized (out) {
            out.println("K " + at);
            out.flush();
        }
        while (true) {
            LockSupport.park(this);
        }
    }

    @Override
    public Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
        final Preallocation used = delegate.allocate(file, size, preferred);
        if (on("mmwal-preparer")) {
            reach(KillPoint.ROLL_AFTER_ALLOCATE);
        }
        return used;
    }

    @Override
    public void syncData(final FileChannel channel) throws IOException {
        if (on("mmwal-flusher")) {
            reach(KillPoint.BEFORE_SYNC);
        } else if (Thread.currentThread() == opener) {
            reach(KillPoint.RECOVERY_SYNC);
        }
        delegate.syncData(channel);
        if (on("mmwal-flusher")) {
            reach(KillPoint.AFTER_SYNC);
        }
    }

    @Override
    public void syncRange(final MemorySegment mapping, final long offset, final long length) throws IOException {
        final boolean header = offset == 0 && length == SegmentDescriptor.HEADER_LENGTH;
        if (on("mmwal-flusher")) {
            reach(header ? KillPoint.DURING_SEAL : KillPoint.BEFORE_SYNC);
        } else if (Thread.currentThread() == opener && !header) {
            reach(KillPoint.RECOVERY_ZEROING);
        }
        delegate.syncRange(mapping, offset, length);
        if (on("mmwal-flusher") && !header) {
            reach(KillPoint.AFTER_SYNC);
        }
    }

    @Override
    public void rename(final Path source, final Path target) throws IOException {
        if (on("mmwal-preparer")) {
            reach(KillPoint.ROLL_BEFORE_RENAME);
        }
        delegate.rename(source, target);
    }

    @Override
    public void syncDirectory(final Path directory) throws IOException {
        if (on("mmwal-preparer")) {
            reach(KillPoint.ROLL_BEFORE_DIRECTORY_SYNC);
        }
        delegate.syncDirectory(directory);
    }

}

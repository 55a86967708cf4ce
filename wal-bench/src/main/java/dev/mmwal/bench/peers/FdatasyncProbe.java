package dev.mmwal.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable floor: what one sync costs on this disk with no log around it.
 * <ul>
 *   <li>{@code PAGE}: {@code pwrite} of one fresh, page-aligned 4 KiB page into a fallocated file,
 *   then {@code fdatasync} (the least a commit of a new record can write);</li>
 *   <li>{@code CLEAN}: {@code fdatasync} of a file with nothing dirty (the fixed cost of the
 *   call and the device flush).</li>
 * </ul>
 * Meant for one thread: the floor of a single commit.
 */
public final class FdatasyncProbe implements CommitLog {
    /** Which floor. */
    public enum Kind { PAGE, CLEAN }

    private static final int PAGE = 4096;

    private final FileChannel channel;
    private final Kind kind;
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();

    public FdatasyncProbe(final Path dir, final Kind kind) {
        this.channel = Files2.preallocated(dir.resolve("probe.bin"), FileChannelLog.PREALLOCATED);
        this.kind = kind;
    }

    @Override
    public Committer committer() {
        final ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        return () -> {
            long at = -1;
            try {
                if (kind == Kind.PAGE) {
                    at = pages.getAndIncrement() * PAGE % FileChannelLog.PREALLOCATED;
                    page.clear();
                    while (page.hasRemaining()) {
                        channel.write(page, at + page.position());
                    }
                }
                channel.force(false);
            } catch (final IOException ex) {
                throw new UncheckedIOException("probe failed: position=" + at, ex);
            }
            syncs.incrementAndGet();
            return at;
        };
    }

    @Override
    public long syncs() {
        return syncs.get();
    }

    @Override
    public void close() {
        Files2.close(channel);
    }
}

package dev.mmwal.testing;

import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the real file operations and fails chosen call sites: once, after N successful calls, or
 * forever. Counts every call so tests can sweep failures across call sites.
 */
public final class FaultInjectingFileOps extends ForwardingFileOps {
    /** The call sites faults can be injected at. */
    public enum Site { ALLOCATE, WRITE, SYNC_DATA, SYNC_RANGE, SYNC_DIRECTORY, DELETE, RENAME, MAP }

    private final AtomicLong[] calls = new AtomicLong[Site.values().length];
    private final AtomicLong[] failAfter = new AtomicLong[Site.values().length];
    private final AtomicInteger[] failuresLeft = new AtomicInteger[Site.values().length];
    private volatile String errno = "EIO";

    public FaultInjectingFileOps() {
        this(PosixFileOps.INSTANCE);
    }

    public FaultInjectingFileOps(final FileOps delegate) {
        super(delegate);
        for (int i = 0; i < calls.length; i++) {
            calls[i] = new AtomicLong();
            failAfter[i] = new AtomicLong(Long.MAX_VALUE);
            failuresLeft[i] = new AtomicInteger();
        }
    }

    /** Fails the call at {@code site} after {@code successes} more successful calls, {@code times} times (MAX_VALUE = forever). */
    public FaultInjectingFileOps failAfter(final Site site, final long successes, final int times, final String errnoName) {
        errno = errnoName;
        failAfter[site.ordinal()].set(calls[site.ordinal()].get() + successes);
        failuresLeft[site.ordinal()].set(times);
        return this;
    }

    public void heal() {
        for (int i = 0; i < calls.length; i++) {
            failAfter[i].set(Long.MAX_VALUE);
            failuresLeft[i].set(0);
        }
    }

    public long calls(final Site site) {
        return calls[site.ordinal()].get();
    }

    private void maybeFail(final Site site, final Object target) throws IOException {
        final int i = site.ordinal();
        final long n = calls[i].getAndIncrement();
        if (n >= failAfter[i].get()) {
            final int left = failuresLeft[i].getAndUpdate(v -> v == Integer.MAX_VALUE ? v : Math.max(0, v - 1));
            if (left > 0) {
                throw new IOException("injected " + errno + ": site=" + site + ", call=" + n + ", target=" + target);
            }
        }
    }

    @Override
    public Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
        maybeFail(Site.ALLOCATE, file);
        return delegate.allocate(file, size, preferred);
    }

    @Override
    public MemorySegment map(final FileChannel channel, final FileChannel.MapMode mode, final long size, final Arena arena) throws IOException {
        maybeFail(Site.MAP, channel);
        return delegate.map(channel, mode, size, arena);
    }

    @Override
    public void write(final FileChannel channel, final MemorySegment source, final long position) throws IOException {
        maybeFail(Site.WRITE, channel);
        delegate.write(channel, source, position);
    }

    @Override
    public void syncData(final FileChannel channel) throws IOException {
        maybeFail(Site.SYNC_DATA, channel);
        delegate.syncData(channel);
    }

    @Override
    public void syncRange(final MemorySegment mapping, final long offset, final long length) throws IOException {
        maybeFail(Site.SYNC_RANGE, mapping);
        delegate.syncRange(mapping, offset, length);
    }

    @Override
    public void syncDirectory(final Path directory) throws IOException {
        maybeFail(Site.SYNC_DIRECTORY, directory);
        delegate.syncDirectory(directory);
    }

    @Override
    public void delete(final Path file) throws IOException {
        maybeFail(Site.DELETE, file);
        delegate.delete(file);
    }

    @Override
    public void rename(final Path source, final Path target) throws IOException {
        maybeFail(Site.RENAME, source);
        delegate.rename(source, target);
    }
}

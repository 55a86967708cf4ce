package dev.mmwal.testing;

import dev.mmwal.io.CacheEpoch;
import dev.mmwal.io.FileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@link FileOps} that hands every call to another; test seams (fault injection, kill points,
 * fault observation, the power-loss model, held calls) override only the calls they watch, so a
 * change to the interface is absorbed here once.
 */
public abstract class ForwardingFileOps implements FileOps {
    protected final FileOps delegate;

    protected ForwardingFileOps(final FileOps delegate) {
        this.delegate = delegate;
    }

    @Override
    public Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
        return delegate.allocate(file, size, preferred);
    }

    @Override
    public void reuse(final Path file, final long size) throws IOException {
        delegate.reuse(file, size);
    }

    @Override
    public FileChannel openReadWrite(final Path file) throws IOException {
        return delegate.openReadWrite(file);
    }

    @Override
    public FileChannel openReadOnly(final Path file) throws IOException {
        return delegate.openReadOnly(file);
    }

    @Override
    public void prefetch(final MemorySegment mapping) {
        delegate.prefetch(mapping);
    }

    @Override
    public MemorySegment map(final FileChannel channel, final FileChannel.MapMode mode, final long size, final Arena arena) throws IOException {
        return delegate.map(channel, mode, size, arena);
    }

    @Override
    public void prefault(final MemorySegment mapping, final Prefault mode) {
        delegate.prefault(mapping, mode);
    }

    @Override
    public void write(final FileChannel channel, final MemorySegment source, final long position) throws IOException {
        delegate.write(channel, source, position);
    }

    @Override
    public void syncData(final FileChannel channel) throws IOException {
        delegate.syncData(channel);
    }

    @Override
    public void syncRange(final MemorySegment mapping, final long offset, final long length) throws IOException {
        delegate.syncRange(mapping, offset, length);
    }

    @Override
    public void syncDirectory(final Path directory) throws IOException {
        delegate.syncDirectory(directory);
    }

    @Override
    public void delete(final Path file) throws IOException {
        delegate.delete(file);
    }

    @Override
    public void rename(final Path source, final Path target) throws IOException {
        delegate.rename(source, target);
    }

    @Override
    public CacheEpoch cacheEpoch(final Path directory) throws IOException {
        return delegate.cacheEpoch(directory);
    }
}

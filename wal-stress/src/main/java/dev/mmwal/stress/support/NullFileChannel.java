package dev.mmwal.stress.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileChannel} with no file behind it, for segments whose memory is not a mapping
 * ({@link InMemoryFileOps}). The log only ever hands a segment's channel back to its
 * {@code FileOps} (to sync it), so every data method here is unsupported.
 */
final class NullFileChannel extends FileChannel {
    private final long size;

    NullFileChannel(final long size) {
        this.size = size;
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("in-memory segment: no file behind this channel");
    }

    @Override
    public int read(final ByteBuffer dst) {
        throw unsupported();
    }

    @Override
    public long read(final ByteBuffer[] dsts, final int offset, final int length) {
        throw unsupported();
    }

    @Override
    public int write(final ByteBuffer src) {
        throw unsupported();
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) {
        throw unsupported();
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public FileChannel position(final long newPosition) {
        throw unsupported();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public FileChannel truncate(final long newSize) {
        throw unsupported();
    }

    @Override
    public void force(final boolean metaData) {
        // nothing to make durable
    }

    @Override
    public long transferTo(final long position, final long count, final WritableByteChannel target) {
        throw unsupported();
    }

    @Override
    public long transferFrom(final ReadableByteChannel src, final long position, final long count) {
        throw unsupported();
    }

    @Override
    public int read(final ByteBuffer dst, final long position) {
        throw unsupported();
    }

    @Override
    public int write(final ByteBuffer src, final long position) {
        throw unsupported();
    }

    @Override
    public MappedByteBuffer map(final MapMode mode, final long position, final long length) {
        throw unsupported();
    }

    @Override
    public FileLock lock(final long position, final long length, final boolean shared) {
        throw unsupported();
    }

    @Override
    public FileLock tryLock(final long position, final long length, final boolean shared) {
        throw unsupported();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        // no descriptor to release
    }
}

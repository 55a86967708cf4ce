package dev.mmwal.stress.support;

import dev.mmwal.io.CacheEpoch;
import dev.mmwal.io.FileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * A {@link FileOps} whose "files" are blocks of native memory handed out in {@link #map} order:
 * lets {@code Segment.create} build real {@code Segment}s and a real {@code SegmentTable} with no
 * file, descriptor or mapping, so a jcstress state can own a complete {@code LogEngine} cheaply.
 *
 * <p>Counts syncs in <em>plain</em> fields on purpose: a committer that observes a durable LSN
 * must see the sync that made it durable through the log's own publication, not through this
 * class (that is what {@code DurableLsnTests} checks). Data syncs ({@code fdatasync}) and range
 * syncs ({@code msync}: seals, durable watermarks, and data on the msync path) are counted apart.
 */
public final class InMemoryFileOps implements FileOps {
    private final ArrayDeque<MemorySegment> mappings = new ArrayDeque<>();
    /** {@code fdatasync}s performed; written by whichever thread syncs, read with no fence. */
    public int dataSyncs;
    /** {@code msync}s of a range performed; written by whichever thread syncs, read with no fence. */
    public int rangeSyncs;

    /** The next {@link #map} returns {@code block} (its size must be the segment size). */
    public void offerMapping(final MemorySegment block) {
        mappings.add(block);
    }

    @Override
    public Preallocation allocate(final Path file, final long size, final Preallocation preferred) {
        return preferred;
    }

    /** The in-memory logs of the concurrency tests never truncate, so nothing is recycled. */
    @Override
    public void reuse(final Path file, final long size) throws IOException {
        throw new IOException("no files to reuse in memory: file=" + file);
    }

    @Override
    public FileChannel openReadWrite(final Path file) {
        return new NullFileChannel(0);
    }

    @Override
    public FileChannel openReadOnly(final Path file) {
        return new NullFileChannel(0);
    }

    @Override
    public MemorySegment map(final FileChannel channel, final FileChannel.MapMode mode, final long size, final Arena arena) throws IOException {
        final MemorySegment block = mappings.poll();
        if (block == null || block.byteSize() != size) {
            throw new IOException("no in-memory block offered for this mapping: size=" + size
                + ", offered=" + (block == null ? "none" : block.byteSize()));
        }
        return block;
    }

    @Override
    public void prefault(final MemorySegment mapping, final Prefault mode) {
        // native memory is already resident
    }

    @Override
    public void write(final FileChannel channel, final MemorySegment source, final long position) {
        // the staged write path is not exercised over in-memory segments
    }

    @Override
    public void syncData(final FileChannel channel) {
        dataSyncs++;
    }

    @Override
    public void syncRange(final MemorySegment mapping, final long offset, final long length) {
        rangeSyncs++;
    }

    @Override
    public void syncDirectory(final Path directory) {
        // no directory
    }

    @Override
    public void delete(final Path file) {
        // no file
    }

    @Override
    public void rename(final Path source, final Path target) {
        // no file
    }

    /** Memory has no page cache to outlive: unknown, so recovery takes the safe path. */
    @Override
    public CacheEpoch cacheEpoch(final Path directory) {
        return CacheEpoch.UNKNOWN;
    }
}

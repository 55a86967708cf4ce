package dev.mmwal.internal.segment;

import dev.mmwal.WalCorruptionException;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.FileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One mapped segment file. Immutable once published in a {@link SegmentTable}; the mapping lives
 * until {@link #close()}, which unmaps it (threads still touching it then get an
 * {@link IllegalStateException} from the FFM API, never a fault).
 */
public final class Segment implements AutoCloseable {
    /** Suffix of a segment still being prepared; recovery deletes such files. */
    public static final String TEMP_SUFFIX = ".tmp";

    private final long baseLsn;
    private final long index;
    private final Path path;
    private final FileChannel channel;
    private final Arena arena;
    private final MemorySegment memory;
    private final MemorySegment staging;

    private Segment(final long baseLsn, final long index, final Path path, final FileChannel channel, final Arena arena,
                    final MemorySegment memory, final MemorySegment staging) {
        this.baseLsn = baseLsn;
        this.index = index;
        this.path = path;
        this.channel = channel;
        this.arena = arena;
        this.memory = memory;
        this.staging = staging;
    }

    /**
     * This segment with an anonymous off-heap staging copy holding the file's first
     * {@code validBytes} bytes ({@link dev.mmwal.WritePath#STAGED}): records are written and read
     * there, and the flusher writes them to the file. Shares this segment's mapping and arena.
     */
    public Segment withStaging(final long validBytes) {
        final MemorySegment copy = arena.allocate(memory.byteSize(), 4096);
        MemorySegment.copy(memory, 0, copy, 0, validBytes);
        return new Segment(baseLsn, index, path, channel, arena, memory, copy);
    }

    /**
     * Creates, preallocates, maps and pre-faults a new segment, writes its header and makes file
     * and header durable. The directory entry is not synced here: the caller batches that.
     */
    public static Segment create(final FileOps ops, final Path directory, final long baseLsn, final long segmentSize,
                                 final FileOps.Preallocation preallocation, final FileOps.Prefault prefault) throws IOException {
        final Path temp = directory.resolve(SegmentDescriptor.fileName(baseLsn) + TEMP_SUFFIX);
        ops.delete(temp);
        ops.allocate(temp, segmentSize, preallocation);
        return finish(ops, directory, temp, baseLsn, segmentSize, prefault);
    }

    /**
     * Like {@link #create}, from a spent segment file instead of a new one: the spare is renamed to
     * the new segment's temporary name, made to read as zeros again with its blocks kept
     * ({@link FileOps#reuse}), then mapped, given its header and renamed like a new one. No byte of
     * its old records survives, so none can ever be read as live; a crash at any step leaves either
     * the spare or a temporary file that recovery deletes.
     */
    public static Segment recycle(final FileOps ops, final Path directory, final Path spare, final long baseLsn, final long segmentSize,
                                  final FileOps.Prefault prefault) throws IOException {
        final Path temp = directory.resolve(SegmentDescriptor.fileName(baseLsn) + TEMP_SUFFIX);
        ops.delete(temp);
        ops.rename(spare, temp);
        try {
            ops.reuse(temp, segmentSize);
        } catch (final IOException | RuntimeException ex) {
            ops.delete(temp);
            throw ex;
        }
        return finish(ops, directory, temp, baseLsn, segmentSize, prefault);
    }

    /** Maps the zeroed, allocated {@code temp}, pre-faults it, writes and syncs its header, and gives it its real name. */
    private static Segment finish(final FileOps ops, final Path directory, final Path temp, final long baseLsn, final long segmentSize,
                                  final FileOps.Prefault prefault) throws IOException {
        final Path path = directory.resolve(SegmentDescriptor.fileName(baseLsn));
        final Segment prepared;
        try {
            prepared = map(ops, temp, baseLsn, segmentSize, false);
        } catch (final IOException | RuntimeException ex) {
            ops.delete(temp);
            throw ex;
        }
        try {
            ops.prefault(prepared.memory, prefault);
            SegmentDescriptor.write(prepared.memory, baseLsn, segmentSize, System.currentTimeMillis());
            ops.syncRange(prepared.memory, 0, SegmentDescriptor.HEADER_LENGTH);
            // Only a complete, synced segment gets its real name: a crash before this leaves a
            // temporary file that recovery deletes, never a segment without a header.
            ops.rename(temp, path);
            return new Segment(baseLsn, prepared.index, path, prepared.channel, prepared.arena, prepared.memory, null);
        } catch (final IOException | RuntimeException ex) {
            prepared.close();
            ops.delete(temp);
            throw ex;
        }
    }

    /** Maps an existing segment and checks its header against its name and the expected size. */
    public static Segment open(final FileOps ops, final Path path, final long segmentSize, final boolean readOnly) throws IOException {
        final long baseLsn = SegmentDescriptor.parseFileName(path.getFileName().toString());
        if (baseLsn < 0) {
            throw new WalCorruptionException("not a segment file name: file=" + path);
        }
        SegmentFiles.checkSize(path, segmentSize);
        final Segment segment = map(ops, path, baseLsn, segmentSize, readOnly);
        try {
            checkHeader(segment.memory, path, baseLsn, segmentSize);
            return segment;
        } catch (final RuntimeException ex) {
            segment.close();
            throw ex;
        }
    }

    /**
     * Fails with a message naming the file when neither header copy is a valid header of this log;
     * one torn or damaged copy is fine (see {@link SegmentDescriptor}).
     */
    public static void checkHeader(final MemorySegment memory, final Path path, final long baseLsn, final long segmentSize) {
        final MemorySegment header = SegmentDescriptor.current(memory);
        if (header == null) {
            final long magic = SegmentDescriptor.magic(memory);
            if (magic != SegmentDescriptor.MAGIC) {
                throw new WalCorruptionException("segment header has a bad magic: file=" + path
                    + ", expected=0x" + Long.toHexString(SegmentDescriptor.MAGIC) + ", found=0x" + Long.toHexString(magic));
            }
            throw new WalCorruptionException("segment header CRC mismatch in both copies: file=" + path
                + ", stored0=0x" + Integer.toHexString(SegmentDescriptor.crc(memory, 0))
                + ", computed0=0x" + Integer.toHexString(SegmentDescriptor.computeCrc(memory, 0))
                + ", stored1=0x" + Integer.toHexString(SegmentDescriptor.crc(memory, SegmentDescriptor.COPY_LENGTH))
                + ", computed1=0x" + Integer.toHexString(SegmentDescriptor.computeCrc(memory, SegmentDescriptor.COPY_LENGTH)));
        }
        final int version = SegmentDescriptor.version(header);
        if (version < SegmentDescriptor.OLDEST_READABLE_VERSION || version > SegmentDescriptor.FORMAT_VERSION) {
            throw new WalCorruptionException("segment format version is not supported: file=" + path
                + ", fileVersion=" + version + ", softwareVersions=" + SegmentDescriptor.OLDEST_READABLE_VERSION + ".." + SegmentDescriptor.FORMAT_VERSION);
        }
        if (SegmentDescriptor.headerLength(header) != SegmentDescriptor.HEADER_LENGTH) {
            throw new WalCorruptionException("segment header length is wrong: file=" + path
                + ", expected=" + SegmentDescriptor.HEADER_LENGTH + ", found=" + SegmentDescriptor.headerLength(header));
        }
        if (SegmentDescriptor.baseLsn(header) != baseLsn) {
            throw new WalCorruptionException("segment header base LSN does not match its name: file=" + path
                + ", expected=" + baseLsn + ", found=" + SegmentDescriptor.baseLsn(header));
        }
        if (SegmentDescriptor.segmentSize(header) != segmentSize) {
            throw new WalCorruptionException("segment size does not match the log's: file=" + path
                + ", expected=" + segmentSize + ", found=" + SegmentDescriptor.segmentSize(header));
        }
        final long sealedEnd = SegmentDescriptor.sealedEndLsn(header);
        if (SegmentDescriptor.isSealed(header) && (sealedEnd < baseLsn + SegmentDescriptor.HEADER_LENGTH || sealedEnd > baseLsn + segmentSize)) {
            throw new WalCorruptionException("sealed segment header records an end outside the segment: file=" + path
                + ", sealedEndLsn=" + sealedEnd + ", expected=[" + (baseLsn + SegmentDescriptor.HEADER_LENGTH) + ", " + (baseLsn + segmentSize) + "]");
        }
    }

    private static Segment map(final FileOps ops, final Path path, final long baseLsn, final long segmentSize, final boolean readOnly) throws IOException {
        final FileChannel channel = readOnly ? ops.openReadOnly(path) : ops.openReadWrite(path);
        final Arena arena = Arena.ofShared();
        try {
            final MemorySegment memory = ops.map(channel, readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, segmentSize, arena);
            return new Segment(baseLsn, baseLsn >>> Long.numberOfTrailingZeros(segmentSize), path, channel, arena, memory, null);
        } catch (final IOException | RuntimeException ex) {
            arena.close();
            channel.close();
            throw ex;
        }
    }

    public long baseLsn() {
        return baseLsn;
    }

    public long index() {
        return index;
    }

    public Path path() {
        return path;
    }

    public FileChannel channel() {
        return channel;
    }

    /**
     * Where records live: the mapped file, or the staging copy on the staged write path. The record
     * at LSN {@code l} is at offset {@code l - baseLsn}.
     */
    public MemorySegment memory() {
        return staging != null ? staging : memory;
    }

    /** The mapped file itself: its header (seal, durable watermark) is always written here. */
    public MemorySegment fileMemory() {
        return memory;
    }

    /** The staging copy, or null on the mapped write path. */
    public MemorySegment staging() {
        return staging;
    }

    public long size() {
        return memory.byteSize();
    }

    public boolean isSealed() {
        return SegmentDescriptor.isSealedNow(memory);
    }

    @Override
    public void close() {
        try {
            arena.close();
        } catch (final IllegalStateException ignored) {
            // already closed
        }
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }

    @Override
    public String toString() {
        return "Segment{file=" + path.getFileName() + ", baseLsn=" + baseLsn + "}";
    }
}

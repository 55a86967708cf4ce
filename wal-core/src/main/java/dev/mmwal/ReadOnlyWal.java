package dev.mmwal;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentFiles;
import dev.mmwal.internal.segment.SegmentSource;
import dev.mmwal.io.Errno;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A log directory opened read-only, without the writer's lock: for tools (dump, verify, stats)
 * and for a second process that tails a log while its writer runs. It never modifies a file.
 *
 * <p>Segments are mapped read-only on first use, so segments the writer creates later are found
 * as the reader reaches them. A reader here reads published records (the writer's page cache is
 * shared); the durable bound is the newest durable watermark or seal the writer recorded in a
 * segment header, which lags the writer's in-memory durable LSN.
 *
 * <p>Thread-safe; each {@link WalReader} it hands out is single-threaded.
 */
public final class ReadOnlyWal implements AutoCloseable {
    private static final int HEADER_RETRIES = 50;
    private static final long DURABLE_REFRESH_NANOS = 10_000_000L;

    private final Path directory;
    private final FileOps ops = PosixFileOps.INSTANCE;
    private final long segmentSize;
    private final int segmentShift;
    private final ConcurrentHashMap<Long, Segment> segments = new ConcurrentHashMap<>();
    private final SegmentSource source = new Source();
    private volatile boolean closed;
    private volatile long durableCached = -1;
    private volatile long durableReadNanos;

    /** What readers see: segments mapped on demand; published records up to the first unwritten one. */
    private final class Source implements SegmentSource {
        @Override
        public Segment segment(final long index) {
            return ReadOnlyWal.this.segment(index);
        }

        @Override
        public long segmentSize() {
            return segmentSize;
        }

        @Override
        public boolean isRemoved(final long index) {
            final List<Path> files = segmentFiles();
            return files.isEmpty() || index < SegmentDescriptor.parseFileName(files.getFirst().getFileName().toString()) >>> segmentShift;
        }

        @Override
        public long publishedLimit() {
            return Long.MAX_VALUE;
        }

        @Override
        public long durableLimit() {
            return ReadOnlyWal.this.durableLimit();
        }
    }

    private ReadOnlyWal(final Path directory, final long segmentSize) {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.segmentShift = Long.numberOfTrailingZeros(segmentSize);
    }

    /**
     * Opens {@code directory} read-only; the segment size comes from the first segment's header.
     *
     * @param directory the log directory.
     * @return the log, opened read-only; close it.
     * @throws WalException when the directory does not exist or holds no segment.
     * @throws WalCorruptionException when the first segment's header is damaged.
     */
    public static ReadOnlyWal open(final Path directory) {
        if (!Files.exists(directory)) {
            throw new WalException("log directory does not exist: dir=" + directory + ", errno=" + Errno.describe(2));
        }
        if (!Files.isDirectory(directory)) {
            throw new WalException("log directory path is not a directory: dir=" + directory + ", errno=" + Errno.describe(20));
        }
        try {
            final List<Path> files = SegmentFiles.list(directory);
            if (files.isEmpty()) {
                throw new WalException("not a log directory (no segment files): dir=" + directory);
            }
            final long size = readSegmentSize(files.getFirst());
            final ReadOnlyWal wal = new ReadOnlyWal(directory, size);
            final long end = SegmentDescriptor.parseFileName(files.getLast().getFileName().toString()) + size;
            final long durable = wal.durableLimit();
            if (durable > end) {
                wal.close();
                throw new WalCorruptionException("a segment header records a durable LSN past the last segment: dir=" + directory
                    + ", durableLsn=" + durable + ", lastSegmentEnd=" + end + " (durable records are missing)");
            }
            return wal;
        } catch (final IOException ex) {
            throw new WalException("cannot open log read-only: dir=" + directory + ", cause=" + Errno.describe(ex), ex);
        }
    }

    private static long readSegmentSize(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            if (channel.size() < SegmentDescriptor.HEADER_LENGTH) {
                throw new WalCorruptionException("segment file shorter than its header: file=" + file + ", size=" + channel.size());
            }
            final MemorySegment header = PosixFileOps.INSTANCE.map(channel, FileChannel.MapMode.READ_ONLY, SegmentDescriptor.HEADER_LENGTH, arena);
            final MemorySegment current = SegmentDescriptor.current(header);
            final long size = current == null ? -1 : SegmentDescriptor.segmentSize(current);
            final long base = SegmentDescriptor.parseFileName(file.getFileName().toString());
            if (Long.bitCount(size) != 1 || size < WalConfig.MIN_SEGMENT_SIZE || size > WalConfig.MAX_SEGMENT_SIZE) {
                Segment.checkHeader(header, file, base, size);
                throw new WalCorruptionException("segment header has an impossible segment size: file=" + file + ", segmentSize=" + size);
            }
            Segment.checkHeader(header, file, base, size);
            return size;
        }
    }

    /**
     * The log directory.
     *
     * @return the directory opened.
     */
    public Path directory() {
        return directory;
    }

    /**
     * The segment size, read from the first segment's header.
     *
     * @return bytes per segment file.
     */
    public long segmentSize() {
        return segmentSize;
    }

    /** {@return the segment files now in the directory, in log order} */
    public List<Path> segmentFiles() {
        try {
            return SegmentFiles.list(directory);
        } catch (final IOException ex) {
            throw new WalException("cannot list log directory: dir=" + directory + ", cause=" + Errno.describe(ex), ex);
        }
    }

    private Segment segment(final long index) {
        if (closed) {
            throw new WalClosedException("read-only log is closed: dir=" + directory);
        }
        final Segment mapped = segments.get(index);
        if (mapped != null) {
            return mapped;
        }
        final Path file = directory.resolve(SegmentDescriptor.fileName(index << segmentShift));
        if (!Files.exists(file)) {
            return null;
        }
        return segments.computeIfAbsent(index, i -> map(file));
    }

    private Segment map(final Path file) {
        WalCorruptionException last = null;
        for (int attempt = 0; attempt < HEADER_RETRIES; attempt++) {
            try {
                final Segment segment = Segment.open(ops, file, segmentSize, true);
                ops.prefetch(segment.fileMemory());
                return segment;
            } catch (final WalCorruptionException ex) {
                // the writer may be rewriting the header (seal, watermark) right now: look again
                last = ex;
                Thread.onSpinWait();
            } catch (final IOException ex) {
                throw new WalException("cannot map segment: file=" + file + ", cause=" + Errno.describe(ex), ex);
            }
        }
        throw last;
    }

    /**
     * The newest durable point recorded in a segment header (a seal or a durable watermark),
     * re-read from the headers at most every 10 ms: readers ask on every poll at the end of the log.
     *
     * @return the durable point the headers record, as an LSN.
     */
    public long durableLimit() {
        final long now = System.nanoTime();
        if (now - durableReadNanos < DURABLE_REFRESH_NANOS && durableCached >= 0) {
            return durableCached;
        }
        final long durable = readDurableLimit();
        durableCached = durable;
        durableReadNanos = now;
        return durable;
    }

    private long readDurableLimit() {
        long durable = 0;
        for (final Path file : segmentFiles()) {
            final Segment segment = segment(SegmentDescriptor.parseFileName(file.getFileName().toString()) >>> segmentShift);
            if (segment != null) {
                durable = Math.max(durable, SegmentFiles.durablePoint(segment.fileMemory()));
            }
        }
        return durable;
    }

    /**
     * A reader from {@code fromLsn} over published records.
     *
     * @param fromLsn a record's LSN, or 0 for the first record.
     * @return a single-threaded reader.
     */
    public WalReader reader(final long fromLsn) {
        return new WalReader(source, fromLsn, ReadBound.PUBLISHED);
    }

    /**
     * A reader from {@code fromLsn}, bounded by the published end or by the durable point the writer recorded in the headers.
     *
     * @param fromLsn a record's LSN, or 0 for the first record.
     * @param bound   how far it may read.
     * @return a single-threaded reader.
     */
    public WalReader reader(final long fromLsn, final ReadBound bound) {
        return new WalReader(source, fromLsn, bound);
    }

    /**
     * A tailer that follows the writer from another process, waiting with the default idle strategy (see {@link WalTailer}).
     *
     * @param fromLsn a record's LSN, or 0 for the first record.
     * @param bound   how far it may read.
     * @return a single-threaded tailer.
     */
    public WalTailer tailer(final long fromLsn, final ReadBound bound) {
        return tailer(fromLsn, bound, WalTailer.newDefaultIdleStrategy());
    }

    /**
     * A tailer that follows the writer from another process, waiting with {@code idleStrategy}.
     *
     * @param fromLsn      a record's LSN, or 0 for the first record.
     * @param bound        how far it may read.
     * @param idleStrategy how {@link WalTailer#take} waits when caught up.
     * @return a single-threaded tailer.
     */
    public WalTailer tailer(final long fromLsn, final ReadBound bound, final org.agrona.concurrent.IdleStrategy idleStrategy) {
        return new WalTailer(new WalReader(source, fromLsn, bound), idleStrategy, ops, null, () -> closed);
    }

    /** {@return the first record LSN of the oldest segment present} */
    public long firstLsn() {
        final List<Path> files = segmentFiles();
        if (files.isEmpty()) {
            return SegmentDescriptor.HEADER_LENGTH;
        }
        return SegmentDescriptor.parseFileName(files.getFirst().getFileName().toString()) + SegmentDescriptor.HEADER_LENGTH;
    }

    /** Unmaps every segment; readers and tailers handed out must not be used afterwards. */
    @Override
    public void close() {
        closed = true;
        segments.values().forEach(Segment::close);
        segments.clear();
    }
}

package dev.mmwal.cli.scan;

import dev.mmwal.WalConfig;
import dev.mmwal.WalCorruptionException;
import dev.mmwal.cli.CliException;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.io.PosixFileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A log directory mapped read-only for inspection: every segment file, its header checked, the
 * segment size and the newest durable point the headers record. Unlike {@code ReadOnlyWal}, it
 * opens logs whose headers are damaged and reports each problem instead of failing. It takes no
 * lock and never writes.
 *
 * <p>Single-threaded: the mappings live in a confined arena until {@link #close()}.
 */
public final class MappedLog implements AutoCloseable {
    private static final int HEADER_ATTEMPTS = 20;
    private static final long HEADER_RETRY_NANOS = 100_000;

    private final Path directory;
    private final Arena arena = Arena.ofConfined();
    private final List<SegmentInfo> segments = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private long segmentSize;
    private long durableLsn;

    private MappedLog(final Path directory) {
        this.directory = directory;
    }

    /**
     * Maps every segment file of {@code directory}.
     *
     * @throws CliException when the directory does not exist, holds no segment file, or no header
     * or file size tells the segment size.
     */
    public static MappedLog open(final Path directory) {
        requireDirectory(directory);
        final MappedLog log = new MappedLog(directory);
        try {
            log.load();
            return log;
        } catch (final IOException ex) {
            log.close();
            throw new CliException(ExitCodes.IO_ERROR, "cannot read log directory: dir=" + directory + ", cause=" + ex.getMessage(), ex);
        } catch (final RuntimeException ex) {
            log.close();
            throw ex;
        }
    }

    /** Fails with a one-line message unless {@code directory} is an existing directory. */
    public static void requireDirectory(final Path directory) {
        if (!Files.exists(directory)) {
            throw new CliException(ExitCodes.NO_INPUT, "log directory does not exist: dir=" + directory);
        }
        if (!Files.isDirectory(directory)) {
            throw new CliException(ExitCodes.NO_INPUT, "not a directory: path=" + directory);
        }
    }

    private void load() throws IOException {
        final List<Path> files = new ArrayList<>();
        final List<Path> unfinished = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(path -> {
                final String name = path.getFileName().toString();
                if (SegmentDescriptor.parseFileName(name) >= 0) {
                    files.add(path);
                } else if (name.endsWith(SegmentDescriptor.FILE_SUFFIX + Segment.TEMP_SUFFIX)) {
                    unfinished.add(path);
                }
            });
        }
        if (files.isEmpty()) {
            throw new CliException(ExitCodes.NO_INPUT, "not a log directory (no segment files): dir=" + directory);
        }
        Collections.sort(files);
        final List<MemorySegment> mappings = new ArrayList<>();
        final List<Path> mapped = new ArrayList<>();
        for (final Path file : files) {
            final MemorySegment memory = map(file);
            if (memory != null) {
                mappings.add(memory);
                mapped.add(file);
            }
        }
        if (mapped.isEmpty()) {
            throw new CliException(ExitCodes.NO_INPUT, "not a log directory (its segment files disappeared): dir=" + directory);
        }
        segmentSize = findSegmentSize(mapped, mappings);
        for (int i = 0; i < mapped.size(); i++) {
            addSegment(mapped.get(i), mappings.get(i));
        }
        for (final Path file : unfinished) {
            problems.add(new Problem(Severity.WARNING, file.getFileName().toString(), -1, -1,
                "unfinished segment left by an interrupted segment preparation; the writer deletes it when it opens the log"));
        }
    }

    private MemorySegment map(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // advised random, then read ahead in 4 KiB folios: a live writer's tail segment shares
            // this page cache, and large readahead folios there would inflate its every sync
            final MemorySegment mapping = PosixFileOps.INSTANCE.map(channel, FileChannel.MapMode.READ_ONLY, channel.size(), arena);
            PosixFileOps.INSTANCE.prefetch(mapping);
            return mapping;
        } catch (final NoSuchFileException ex) {
            problems.add(new Problem(Severity.WARNING, file.getFileName().toString(), -1, -1,
                "segment disappeared while the log was opened (truncated by its writer?)"));
            return null;
        }
    }

    /** The size the first intact header states; else the first file size that is a valid segment size. */
    private long findSegmentSize(final List<Path> files, final List<MemorySegment> mappings) {
        for (int i = 0; i < files.size(); i++) {
            final MemorySegment memory = mappings.get(i);
            final MemorySegment header = memory.byteSize() >= SegmentDescriptor.HEADER_LENGTH ? SegmentDescriptor.current(memory) : null;
            if (header != null) {
                final long size = SegmentDescriptor.segmentSize(header);
                if (isValidSegmentSize(size) && headerProblem(files.get(i), memory, size) == null) {
                    return size;
                }
            }
        }
        for (final MemorySegment memory : mappings) {
            if (isValidSegmentSize(memory.byteSize())) {
                return memory.byteSize();
            }
        }
        throw new CliException(ExitCodes.DAMAGED, "cannot tell the segment size: no segment header is intact and no file has a valid segment size: dir="
            + directory + ", files=" + files.size());
    }

    private static boolean isValidSegmentSize(final long size) {
        return Long.bitCount(size) == 1 && size >= WalConfig.MIN_SEGMENT_SIZE && size <= WalConfig.MAX_SEGMENT_SIZE;
    }

    private void addSegment(final Path file, final MemorySegment memory) {
        final String name = file.getFileName().toString();
        final long base = SegmentDescriptor.parseFileName(name);
        checkPlace(name, base);
        if (memory.byteSize() < SegmentDescriptor.HEADER_LENGTH) {
            problems.add(new Problem(Severity.ERROR, name, 0, base, "segment file shorter than its header: size=" + memory.byteSize()
                + ", headerLength=" + SegmentDescriptor.HEADER_LENGTH));
            segments.add(new SegmentInfo(file, base, memory.byteSize(), false, false, 0, 0, 0, memory));
            return;
        }
        final String headerProblem = headerProblem(file, memory, segmentSize);
        if (headerProblem != null) {
            problems.add(new Problem(Severity.ERROR, name, 0, base, headerProblem));
        }
        if (memory.byteSize() != segmentSize) {
            problems.add(new Problem(Severity.ERROR, name, -1, base, "segment file has the wrong size: expected=" + segmentSize
                + ", found=" + memory.byteSize()));
        }
        final boolean valid = headerProblem == null;
        final MemorySegment current = valid ? SegmentDescriptor.current(memory) : null;
        final MemorySegment header = current != null ? current : memory.asSlice(0, SegmentDescriptor.COPY_LENGTH);
        final SegmentInfo segment = new SegmentInfo(file, base, memory.byteSize(), valid,
            valid && SegmentDescriptor.isSealed(header), SegmentDescriptor.sealedEndLsn(header),
            SegmentDescriptor.durableWatermark(header), SegmentDescriptor.createdMillis(header), memory);
        durableLsn = Math.max(durableLsn, segment.durablePoint());
        segments.add(segment);
    }

    /** Segment names must be multiples of the segment size, one after another. */
    private void checkPlace(final String name, final long base) {
        if ((base & (segmentSize - 1)) != 0) {
            problems.add(new Problem(Severity.ERROR, name, -1, base, "segment base LSN is not a multiple of the segment size: segmentSize=" + segmentSize));
            return;
        }
        if (!segments.isEmpty()) {
            final long expected = segments.getLast().baseLsn() + segmentSize;
            if (base != expected) {
                problems.add(new Problem(Severity.ERROR, name, -1, base, "segment missing from the log: expectedBaseLsn=" + expected
                    + ", expectedFile=" + SegmentDescriptor.fileName(expected) + ", missing=" + (base - expected) / segmentSize));
            }
        }
    }

    /**
     * The header's problem, or null when it is intact. Looks a few times: a live writer rewrites
     * headers (seal, durable watermark) in place, and a read can catch it half done.
     */
    private static String headerProblem(final Path file, final MemorySegment memory, final long size) {
        final long base = SegmentDescriptor.parseFileName(file.getFileName().toString());
        String problem = null;
        for (int attempt = 0; attempt < HEADER_ATTEMPTS; attempt++) {
            try {
                Segment.checkHeader(memory, file, base, size);
                return null;
            } catch (final WalCorruptionException ex) {
                problem = ex.getMessage().replace("file=" + file + ", ", "");
                LockSupport.parkNanos(HEADER_RETRY_NANOS);
            }
        }
        return problem;
    }

    public Path directory() {
        return directory;
    }

    public long segmentSize() {
        return segmentSize;
    }

    /** Segments in log order. */
    public List<SegmentInfo> segments() {
        return Collections.unmodifiableList(segments);
    }

    /** Problems found in segment files and headers (records are the scanner's business). */
    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** The newest durable point any intact header records (a seal or a durable watermark); 0 when none. */
    public long durableLsn() {
        return durableLsn;
    }

    /** The LSN of the first record of the oldest segment. */
    public long firstLsn() {
        return segments.getFirst().baseLsn() + SegmentDescriptor.HEADER_LENGTH;
    }

    /** The segment holding {@code lsn}, or null when that segment is not in the directory. */
    public SegmentInfo segmentAt(final long lsn) {
        final long base = lsn & -segmentSize;
        int low = 0;
        int high = segments.size() - 1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            final long found = segments.get(mid).baseLsn();
            if (found == base) {
                return segments.get(mid);
            }
            if (found < base) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return null;
    }

    @Override
    public void close() {
        arena.close();
    }
}

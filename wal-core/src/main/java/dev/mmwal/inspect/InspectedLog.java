package dev.mmwal.inspect;

import dev.mmwal.WalConfig;
import dev.mmwal.WalCorruptionException;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A log directory opened for inspection: every segment file mapped read-only, each header checked,
 * the segment size and the newest durable point the headers record. Unlike
 * {@link dev.mmwal.ReadOnlyWal}, it opens logs whose headers or files are damaged and reports each
 * problem as {@link Damage} ({@link #damage()}) instead of failing; {@link LogWalker} then walks
 * the records. It takes no lock and never writes, so it runs beside a live writer.
 *
 * <p>Single-threaded: one thread opens, inspects and closes it. The mappings live in a confined
 * arena until {@link #close()}; every {@link SegmentView} and {@link RecordView} of this log is
 * invalid afterwards.
 */
public final class InspectedLog implements AutoCloseable {
    /** A live writer rewrites headers in place (seal, watermark): a check that fails is retried this often. */
    private static final int HEADER_ATTEMPTS = 20;
    private static final long HEADER_RETRY_NANOS = 100_000;

    private final Path directory;
    private final FileOps ops;
    private final Arena arena = Arena.ofConfined();
    private final List<SegmentView> segments = new ArrayList<>();
    private final List<Damage> damage = new ArrayList<>();
    private long segmentSize;
    private long durableLsn;

    private InspectedLog(final Path directory, final FileOps ops) {
        this.directory = directory;
        this.ops = ops;
    }

    /**
     * Maps every segment file of {@code directory} read-only.
     *
     * @param directory the log directory.
     * @return the opened log, which the caller closes.
     *
     * @throws InspectException when the directory does not exist, holds no segment file that can be
     * mapped, no header or file size tells the segment size, or listing or mapping fails.
     */
    public static InspectedLog open(final Path directory) {
        return open(directory, PosixFileOps.INSTANCE);
    }

    /**
     * {@link #open(Path)} through {@code ops} (tests inject faults; tools use the default).
     *
     * @param directory the log directory.
     * @param ops       the file operations to map and read through.
     * @return the opened log, which the caller closes.
     * @throws InspectException as {@link #open(Path)} does.
     */
    public static InspectedLog open(final Path directory, final FileOps ops) {
        requireDirectory(directory);
        final InspectedLog log = new InspectedLog(directory, ops);
        try {
            log.load();
            return log;
        } catch (final IOException ex) {
            log.close();
            throw new InspectException(InspectException.Reason.IO, "cannot read log directory: dir=" + directory + ", cause=" + dev.mmwal.io.Errno.describe(ex), ex);
        } catch (final RuntimeException ex) {
            log.close();
            throw ex;
        }
    }

    /**
     * Fails with {@link InspectException.Reason#NO_DIRECTORY} unless {@code directory} is an existing directory.
     *
     * @param directory the path to check.
     * @throws InspectException when it does not exist or is not a directory.
     */
    public static void requireDirectory(final Path directory) {
        if (!Files.exists(directory)) {
            throw new InspectException(InspectException.Reason.NO_DIRECTORY, "log directory does not exist: dir=" + directory, null);
        }
        if (!Files.isDirectory(directory)) {
            throw new InspectException(InspectException.Reason.NO_DIRECTORY, "not a directory: path=" + directory, null);
        }
    }

    /**
     * Whether {@code directory} holds at least one entry named like a segment file (a quick "is
     * this a log?" that maps nothing).
     *
     * @param directory the directory to list.
     * @return true when a segment file name is present.
     *
     * @throws IOException when the directory cannot be listed.
     */
    public static boolean holdsSegmentFiles(final Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.anyMatch(path -> SegmentDescriptor.parseFileName(path.getFileName().toString()) >= 0);
        }
    }

    private void load() throws IOException {
        final List<Path> names = new ArrayList<>();
        final List<Path> unfinished = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(path -> {
                final String name = path.getFileName().toString();
                if (SegmentDescriptor.parseFileName(name) >= 0) {
                    names.add(path);
                } else if (name.endsWith(SegmentDescriptor.FILE_SUFFIX + Segment.TEMP_SUFFIX)) {
                    unfinished.add(path);
                }
            });
        }
        if (names.isEmpty()) {
            throw new InspectException(InspectException.Reason.NOT_A_LOG, "not a log directory (no segment files): dir=" + directory, null);
        }
        Collections.sort(names);
        final List<Path> files = new ArrayList<>();
        final List<MemorySegment> mappings = new ArrayList<>();
        for (final Path file : names) {
            final MemorySegment memory = map(file);
            if (memory != null) {
                files.add(file);
                mappings.add(memory);
            }
        }
        if (files.isEmpty()) {
            throw new InspectException(InspectException.Reason.NOT_A_LOG, "not a log directory (no segment file could be mapped): dir="
                + directory + ", names=" + names.size() + ", problems=" + damage.stream().map(Damage::message).toList(), null);
        }
        segmentSize = findSegmentSize(files, mappings);
        for (int i = 0; i < files.size(); i++) {
            addSegment(files.get(i), mappings.get(i));
        }
        checkDurableClaims();
        for (final Path file : unfinished) {
            damage.add(new Damage(Severity.WARNING, file.getFileName().toString(), -1, -1,
                "unfinished segment left by an interrupted segment preparation; the writer deletes it when it opens the log"));
        }
    }

    /** Maps one file, or records why it cannot be part of the log and returns null. */
    private MemorySegment map(final Path file) throws IOException {
        final String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            if (Files.exists(file)) {
                damage.add(new Damage(Severity.ERROR, name, -1, SegmentDescriptor.parseFileName(name),
                    "segment name on something that is not a regular file: kind=" + kind(file)
                        + " (no log writes one; the writer cannot open this log until it is removed)"));
            } else {
                damage.add(new Damage(Severity.WARNING, name, -1, -1, "segment disappeared while the log was opened (truncated by its writer?)"));
            }
            return null;
        }
        try (FileChannel channel = ops.openReadOnly(file)) {
            // advised random, then read ahead in 4 KiB folios: a live writer's tail segment shares
            // this page cache, and large readahead folios there would inflate its every sync
            final MemorySegment mapping = ops.map(channel, FileChannel.MapMode.READ_ONLY, channel.size(), arena);
            ops.prefetch(mapping);
            return mapping;
        } catch (final NoSuchFileException ex) {
            damage.add(new Damage(Severity.WARNING, name, -1, -1, "segment disappeared while the log was opened (truncated by its writer?)"));
            return null;
        }
    }

    private static String kind(final Path file) {
        if (Files.isDirectory(file)) {
            return "directory";
        }
        return Files.isSymbolicLink(file) ? "dangling symbolic link" : "special file";
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
        throw new InspectException(InspectException.Reason.UNKNOWN_SEGMENT_SIZE,
            "cannot tell the segment size: no segment header is intact and no file has a valid segment size: dir="
                + directory + ", files=" + files.size(), null);
    }

    private static boolean isValidSegmentSize(final long size) {
        return Long.bitCount(size) == 1 && size >= WalConfig.MIN_SEGMENT_SIZE && size <= WalConfig.MAX_SEGMENT_SIZE;
    }

    private void addSegment(final Path file, final MemorySegment memory) {
        final String name = file.getFileName().toString();
        final long base = SegmentDescriptor.parseFileName(name);
        checkPlace(name, base);
        final String headerProblem;
        if (memory.byteSize() < SegmentDescriptor.HEADER_LENGTH) {
            headerProblem = "segment file shorter than its header: size=" + memory.byteSize() + ", headerLength=" + SegmentDescriptor.HEADER_LENGTH;
        } else {
            headerProblem = headerProblem(file, memory, segmentSize);
            if (memory.byteSize() != segmentSize) {
                damage.add(new Damage(Severity.ERROR, name, -1, base, "segment file has the wrong size: expected=" + segmentSize
                    + ", found=" + memory.byteSize()));
            }
        }
        if (headerProblem != null) {
            damage.add(new Damage(Severity.ERROR, name, 0, base, headerProblem));
        }
        final SegmentView segment = new SegmentView(file, base, segmentSize, memory, headerProblem);
        durableLsn = Math.max(durableLsn, segment.durablePoint());
        segments.add(segment);
    }

    /** Segment names must be multiples of the segment size, one after another. */
    private void checkPlace(final String name, final long base) {
        if ((base & (segmentSize - 1)) != 0) {
            damage.add(new Damage(Severity.ERROR, name, -1, base, "segment base LSN is not a multiple of the segment size: segmentSize=" + segmentSize));
            return;
        }
        if (!segments.isEmpty()) {
            final long expected = segments.getLast().endLsn();
            if (base != expected) {
                damage.add(new Damage(Severity.ERROR, name, -1, base, "segment missing from the log: expectedBaseLsn=" + expected
                    + ", expectedFile=" + SegmentDescriptor.fileName(expected) + ", missing=" + (base - expected) / segmentSize));
            }
        }
    }

    /** A header that calls LSNs durable that no segment file holds is lying (or segments were lost). */
    private void checkDurableClaims() {
        final SegmentView last = segments.getLast();
        for (final SegmentView segment : segments) {
            if (segment.durablePoint() > last.endLsn()) {
                damage.add(new Damage(Severity.ERROR, segment.fileName(), SegmentDescriptor.DURABLE_WATERMARK_OFFSET, segment.baseLsn(),
                    "segment header records a durable point beyond the last segment file: durablePoint=" + segment.durablePoint()
                        + ", lastFile=" + last.fileName() + ", lastSegmentEnd=" + last.endLsn()
                        + " (segments holding acknowledged records are missing, or the header is forged)"));
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

    /** {@return the directory inspected} */
    public Path directory() {
        return directory;
    }

    /** {@return the segment size: from the first intact header, else from a file size} */
    public long segmentSize() {
        return segmentSize;
    }

    /** {@return the mapped segments in log order (never empty)} */
    public List<SegmentView> segments() {
        return Collections.unmodifiableList(segments);
    }

    /**
     * Damage found in the directory, the segment files and their headers, in the order found.
     * Damage in records is what {@link LogWalker} finds.
     *
     * @return an unmodifiable list; empty when nothing was found.
     */
    public List<Damage> damage() {
        return Collections.unmodifiableList(damage);
    }

    /** {@return the newest durable point any intact header records (a seal or a durable watermark); 0 when none} */
    public long durableLsn() {
        return durableLsn;
    }

    /** {@return the LSN of the first record of the oldest segment} */
    public long firstLsn() {
        return segments.getFirst().firstRecordLsn();
    }

    /**
     * The segment whose LSN range holds {@code lsn}.
     *
     * @param lsn an LSN of this log.
     * @return the segment, or null when that segment is not in the directory.
     */
    public SegmentView segmentAt(final long lsn) {
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

    /** Unmaps every segment. */
    @Override
    public void close() {
        arena.close();
    }
}

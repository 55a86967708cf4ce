package dev.mmwal.internal.segment;

import dev.mmwal.WalCorruptionException;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.FileOps;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The segment files of a log directory, as recovery, read-only opens and tools see them: which
 * files are segments, which are unfinished, whether one has the right size, and the newest
 * durable point their headers record. Stateless; every method reads the directory afresh.
 */
public final class SegmentFiles {
    /** Suffix of a spent segment kept for recycling ({@code WalConfig.recycleSegments}). */
    public static final String SPARE_SUFFIX = ".spare";

    private SegmentFiles() {
    }

    /**
     * The entries named like segments, in log order.
     *
     * @throws WalCorruptionException when one of them is not a regular file (a directory, a
     * device): it would be taken for a segment otherwise.
     */
    public static List<Path> list(final Path directory) throws IOException {
        final List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(p -> SegmentDescriptor.parseFileName(p.getFileName().toString()) >= 0).sorted().toList();
        }
        for (final Path file : files) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new WalCorruptionException("an entry named like a segment is not a regular file: file=" + file);
            }
        }
        return files;
    }

    /** Deletes segments whose preparation a crash interrupted (never renamed to their real name), then syncs the directory. */
    public static void deleteUnfinished(final FileOps ops, final Path directory) throws IOException {
        final List<Path> unfinished;
        try (Stream<Path> entries = Files.list(directory)) {
            unfinished = entries.filter(p -> p.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX + Segment.TEMP_SUFFIX)).toList();
        }
        for (final Path file : unfinished) {
            ops.delete(file);
        }
        if (!unfinished.isEmpty()) {
            ops.syncDirectory(directory);
        }
    }

    /**
     * Unmaps the segments of {@code table} below index {@code keepFrom} (already taken out of the
     * live table) and removes their files, oldest first: kept as spares for recycling while fewer
     * than {@code maxSpares} are kept, deleted otherwise. The directory is synced after each, so
     * every rename and deletion is durable in order.
     *
     * @return how many segments left the log.
     */
    public static int remove(final FileOps ops, final Path directory, final SegmentTable table, final long keepFrom,
                             final int maxSpares) throws IOException {
        int spares = maxSpares > 0 ? spares(directory).size() : 0;
        int removed = 0;
        for (long index = table.firstIndex(); index < keepFrom && index < table.endIndex(); index++) {
            final Segment segment = table.get(index);
            segment.close();
            if (spares < maxSpares) {
                ops.rename(segment.path(), segment.path().resolveSibling(segment.path().getFileName() + SPARE_SUFFIX));
                spares++;
            } else {
                ops.delete(segment.path());
            }
            // One directory sync per removal, oldest first: a power cut then leaves the log without
            // a prefix of these segments, never with a gap (a later one gone, an earlier one back),
            // which recovery would refuse as a missing segment. Truncation is rare; the syncs are cheap.
            ops.syncDirectory(directory);
            removed++;
        }
        return removed;
    }

    /** Spent segment files kept for recycling ({@code NAME.wal.spare}), oldest first. */
    public static List<Path> spares(final Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX + SPARE_SUFFIX)
                && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    /** Fails unless {@code file} is exactly {@code segmentSize} bytes. */
    public static void checkSize(final Path file, final long segmentSize) throws IOException {
        final long fileSize = Files.size(file);
        if (fileSize != segmentSize) {
            throw new WalCorruptionException("segment file has the wrong size: file=" + file + ", expected=" + segmentSize + ", found=" + fileSize);
        }
    }

    /**
     * The durable point one segment header records: its seal's end when sealed, else its durable
     * watermark; 0 when neither copy of the header is valid (a header being rewritten has one
     * whole copy, so only damage gives 0).
     */
    public static long durablePoint(final MemorySegment mapping) {
        final MemorySegment header = SegmentDescriptor.current(mapping);
        return header == null ? 0 : durablePointOfCopy(header);
    }

    /** The durable point one valid header copy records: its seal's end when sealed, else its watermark. */
    public static long durablePointOfCopy(final MemorySegment header) {
        final long sealedEnd = SegmentDescriptor.isSealed(header) ? SegmentDescriptor.sealedEndLsn(header) : 0;
        return Math.max(SegmentDescriptor.durableWatermark(header), sealedEnd);
    }

    /** The newest durable point any segment of {@code table} records. */
    public static long durablePoint(final SegmentTable table) {
        long durable = 0;
        for (long index = table.firstIndex(); index < table.endIndex(); index++) {
            durable = Math.max(durable, durablePoint(table.get(index).fileMemory()));
        }
        return durable;
    }
}

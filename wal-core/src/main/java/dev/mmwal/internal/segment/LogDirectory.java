package dev.mmwal.internal.segment;

import dev.mmwal.WalConfig;
import dev.mmwal.format.SegmentDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a directory holds before a log is opened in it: nothing, a log (segment files), or
 * something else; and, for a log, the parameters its segment headers record. Read by the opening
 * thread before it takes the lock, so that {@code Wal.open} never turns a foreign directory into a
 * log and never misreads a log created with other parameters. Immutable.
 *
 * @param kind           what the directory is.
 * @param segments       the segment files, in log order (empty unless {@link Kind#LOG}).
 * @param foreignEntries up to {@link #FOREIGN_SHOWN} names of entries that are not mmwal's.
 */
public record LogDirectory(Path directory, Kind kind, List<Path> segments, List<String> foreignEntries) {
    /** How many foreign entries a refusal names. */
    public static final int FOREIGN_SHOWN = 5;

    /** What a directory is, to a log about to be opened in it. */
    public enum Kind {
        /** The path does not exist. */
        MISSING,
        /** The path exists and is not a directory (a regular file, a device). */
        NOT_A_DIRECTORY,
        /** A directory with no segment and nothing foreign: a new log may be created in it. */
        EMPTY,
        /** A directory with segment files. */
        LOG,
        /** A directory with no segment file and other entries: not a log, and not to become one. */
        FOREIGN
    }

    /**
     * The parameters a log's segment headers record, read from the first segment whose header has
     * a valid copy.
     *
     * @param segmentSize   bytes per segment the log was created with.
     * @param formatVersion the format version that segment was written under.
     * @param file          the segment they were read from.
     */
    public record Recorded(long segmentSize, int formatVersion, Path file) {
    }

    /**
     * Looks at {@code directory}; entries named in {@code ownNames} (the lock file, the tailer
     * positions) and unfinished segments are mmwal's and do not make it foreign.
     */
    public static LogDirectory examine(final Path directory, final Set<String> ownNames) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return new LogDirectory(directory, Kind.MISSING, List.of(), List.of());
        }
        if (!Files.isDirectory(directory)) {
            return new LogDirectory(directory, Kind.NOT_A_DIRECTORY, List.of(), List.of());
        }
        final List<Path> segments = SegmentFiles.list(directory);
        if (!segments.isEmpty()) {
            return new LogDirectory(directory, Kind.LOG, segments, List.of());
        }
        final List<String> foreign;
        try (Stream<Path> entries = Files.list(directory)) {
            foreign = entries.map(p -> p.getFileName().toString())
                .filter(name -> !ownNames.contains(name) && !name.endsWith(SegmentDescriptor.FILE_SUFFIX + Segment.TEMP_SUFFIX)
                    && !name.endsWith(SegmentDescriptor.FILE_SUFFIX + SegmentFiles.SPARE_SUFFIX))
                .sorted().limit(FOREIGN_SHOWN).toList();
        }
        return new LogDirectory(directory, foreign.isEmpty() ? Kind.EMPTY : Kind.FOREIGN, List.of(), foreign);
    }

    /** What the first readable segment header records, or null when no header has a valid copy (recovery then reports the damage). */
    public Recorded recorded() throws IOException {
        for (final Path file : segments) {
            final Recorded found = readHeader(file);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The header of one segment, read with {@code pread} (no mapping), or null when neither copy is valid or the size is impossible. */
    private static Recorded readHeader(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            final MemorySegment content = arena.allocate(SegmentDescriptor.HEADER_LENGTH, 8);
            final ByteBuffer buffer = content.asByteBuffer();
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
                // read until full or end of file
            }
            if (buffer.hasRemaining()) {
                return null;
            }
            final MemorySegment header = SegmentDescriptor.current(content);
            if (header == null) {
                return null;
            }
            final long size = SegmentDescriptor.segmentSize(header);
            if (Long.bitCount(size) != 1 || size < WalConfig.MIN_SEGMENT_SIZE || size > WalConfig.MAX_SEGMENT_SIZE) {
                return null;
            }
            return new Recorded(size, SegmentDescriptor.version(header), file);
        }
    }
}

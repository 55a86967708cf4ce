package dev.mmwal;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A log records its segment size in every segment header, and {@link Wal#open} goes by it. */
class SelfDescribingLogTest {
    private static final long CREATED = 64 << 10;

    @TempDir
    Path dir;

    private List<Long> createLog(final int records) {
        final List<Long> lsns = new ArrayList<>();
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(CREATED).build())) {
            for (int i = 0; i < records; i++) {
                lsns.add(wal.append(Payloads.bytes(i, 1000)));
            }
            wal.flush();
        }
        return lsns;
    }

    @Test
    void shouldUseTheLogsSegmentSizeWhenNoneIsSet() {
        final List<Long> lsns = createLog(150);
        final WalConfig defaults = WalConfig.builder(dir).build();
        assertFalse(defaults.segmentSizeExplicit());
        assertEquals(WalConfig.DEFAULT_SEGMENT_SIZE, defaults.segmentSize());
        try (Wal wal = Wal.open(defaults)) {
            assertEquals(CREATED, wal.config().segmentSize(), "the size the log was created with");
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            for (int i = 0; i < lsns.size(); i++) {
                assertTrue(reader.next(record));
                assertEquals(lsns.get(i), record.lsn());
                assertArrayEquals(Payloads.bytes(i, 1000), record.payloadBytes());
            }
            final long next = wal.appendAndCommit(Payloads.bytes(999, 40_000));
            assertTrue(next > lsns.getLast());
        }
        assertTrue(segmentFiles().stream().allMatch(f -> size(f) == CREATED), "every segment, new ones too, has the log's size");
    }

    @Test
    void shouldRefuseAnExplicitSegmentSizeThatDiffersNamingBoth() {
        createLog(10);
        final List<Path> before = segmentFiles();
        final WalConfigException ex = assertThrows(WalConfigException.class,
            () -> Wal.open(WalConfig.builder(dir).segmentSize(CREATED * 2).build()));
        assertTrue(ex.getMessage().startsWith("configured segment size differs from the log's: dir=" + dir), ex.getMessage());
        assertTrue(ex.getMessage().contains("configured=131072, log=65536"), ex.getMessage());
        assertEquals(before, segmentFiles(), "nothing changed on disk");
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(CREATED).build())) {
            assertEquals(CREATED, wal.config().segmentSize(), "the refused open released the lock; the same size opens");
        }
    }

    @Test
    void shouldRefuseAFormatVersionThisSoftwareDoesNotRead() throws IOException {
        createLog(1);
        final Path first = segmentFiles().getFirst();
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofConfined()) {
            final MemorySegment header = channel.map(FileChannel.MapMode.READ_WRITE, 0, SegmentDescriptor.HEADER_LENGTH, arena);
            for (long copy = 0; copy < SegmentDescriptor.HEADER_LENGTH; copy += SegmentDescriptor.COPY_LENGTH) {
                header.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), copy + SegmentDescriptor.VERSION_OFFSET,
                    SegmentDescriptor.FORMAT_VERSION + 1);
                header.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), copy + SegmentDescriptor.CRC_OFFSET,
                    SegmentDescriptor.computeCrc(header, copy));
            }
            header.force();
        }
        final WalException ex = assertThrows(WalException.class, () -> Wal.open(dir));
        assertFalse(ex instanceof WalCorruptionException, "a newer format is not corruption");
        assertTrue(ex.getMessage().contains("fileVersion=" + (SegmentDescriptor.FORMAT_VERSION + 1)), ex.getMessage());
        assertTrue(ex.getMessage().contains("softwareVersions=" + SegmentDescriptor.OLDEST_READABLE_VERSION + ".." + SegmentDescriptor.FORMAT_VERSION),
            ex.getMessage());
    }

    @Test
    void shouldMarkOnlyAnExplicitSegmentSizeAsExplicit() {
        assertTrue(WalConfig.builder(dir).segmentSize(WalConfig.DEFAULT_SEGMENT_SIZE).build().segmentSizeExplicit());
        assertFalse(WalConfig.builder(dir).build().segmentSizeExplicit());
    }

    private List<Path> segmentFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).sorted().toList();
        } catch (final IOException ex) {
            throw new AssertionError(ex);
        }
    }

    private static long size(final Path file) {
        try {
            return Files.size(file);
        } catch (final IOException ex) {
            throw new AssertionError(ex);
        }
    }
}

package dev.mmwal;

import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damages the tail of a closed log deterministically (zeroing from every byte of the last two
 * records' headers, flipping each of those bytes, zeroing from every 512 B and 4 KiB boundary) and
 * checks that reopening keeps exactly the intact prefix, zeroes what follows, and appends right after it.
 */
class TornTailTest {
    private static final long SEGMENT = 64 << 10;
    private static final int RECORDS = 24;

    @TempDir
    Path dir;
    private Path segmentFile;
    private byte[] original;
    private final List<Long> lsns = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();

    private WalConfig config() {
        return WalConfig.builder(dir).segmentSize(SEGMENT).build();
    }

    @BeforeEach
    void writeLog() throws IOException {
        try (Wal wal = Wal.open(config())) {
            for (int i = 0; i < RECORDS; i++) {
                final int length = 100 + (i * 677) % 1500;
                lsns.add(wal.append(Payloads.bytes(i, length)));
                lengths.add(length);
            }
        }
        segmentFile = dir.resolve(SegmentDescriptor.fileName(0));
        original = withoutDurableWatermark(Files.readAllBytes(segmentFile));
    }

    /**
     * A torn tail is, by definition, past the last sync the flusher recorded: clear the header's
     * durable watermark (it is refreshed only now and then, so a crash image may well lack it).
     */
    static byte[] withoutDurableWatermark(final byte[] image) {
        final java.lang.foreign.MemorySegment header = java.lang.foreign.MemorySegment.ofArray(image);
        for (int copy = 0; copy < SegmentDescriptor.HEADER_LENGTH; copy += SegmentDescriptor.COPY_LENGTH) {
            Arrays.fill(image, copy + SegmentDescriptor.DURABLE_WATERMARK_OFFSET, copy + SegmentDescriptor.DURABLE_WATERMARK_OFFSET + 8, (byte)0);
            final int crc = dev.mmwal.format.Checksums.crc32c(header, copy, SegmentDescriptor.CRC_OFFSET);
            header.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, copy + SegmentDescriptor.CRC_OFFSET, crc);
        }
        return image;
    }

    @Test
    void shouldKeepIntactPrefixWhenZeroingFromEveryHeaderByteOfLastTwoRecords() throws IOException {
        for (int r = RECORDS - 2; r < RECORDS; r++) {
            for (int b = 0; b < RecordDescriptor.HEADER_LENGTH; b++) {
                final int from = (int)(lsns.get(r) + b);
                check("zero from " + from, image -> Arrays.fill(image, from, image.length, (byte)0));
            }
        }
    }

    @Test
    void shouldKeepIntactPrefixWhenFlippingEveryHeaderByteOfLastTwoRecords() throws IOException {
        for (int r = RECORDS - 2; r < RECORDS; r++) {
            for (int b = 0; b < RecordDescriptor.HEADER_LENGTH; b++) {
                final int at = (int)(lsns.get(r) + b);
                check("flip " + at, image -> image[at] ^= (byte)0xFF);
            }
        }
    }

    @Test
    void shouldKeepIntactPrefixWhenZeroingFromSectorAndPageBoundaries() throws IOException {
        final long start = lsns.get(RECORDS - 4);
        final long end = lsns.get(RECORDS - 1) + RecordDescriptor.HEADER_LENGTH + lengths.get(RECORDS - 1);
        int cases = 0;
        for (long boundary = start & -512L; boundary < end; boundary += 512) {
            final int from = (int)Math.max(boundary, SegmentDescriptor.HEADER_LENGTH);
            check("zero from sector " + from, image -> Arrays.fill(image, from, image.length, (byte)0));
            final int to = (int)Math.min(image().length, (boundary & -4096L) + 4096);
            final int pageStart = (int)Math.max(boundary & -4096L, SegmentDescriptor.HEADER_LENGTH);
            check("zero page at " + pageStart, image -> Arrays.fill(image, pageStart, to, (byte)0));
            cases++;
        }
        assertTrue(cases >= 4, "cases=" + cases);
    }

    @Test
    void shouldZeroStaleBytesAfterEndWhenReopening() throws IOException {
        final int garbageAt = (int)(lsns.get(RECORDS - 1) + RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + lengths.get(RECORDS - 1)) + 4096);
        check("stale bytes after the end", image -> Arrays.fill(image, garbageAt, garbageAt + 100, (byte)0x5A));
    }

    private byte[] image() {
        return original;
    }

    private void check(final String what, final Consumer<byte[]> damage) throws IOException {
        final byte[] image = original.clone();
        damage.accept(image);
        try (var files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                if (!file.equals(segmentFile) && file.getFileName().toString().endsWith(".wal")) {
                    Files.delete(file);
                }
            }
        }
        Files.write(segmentFile, image);
        int intact = 0;
        while (intact < RECORDS && isIntact(image, intact)) {
            intact++;
        }
        final long expectedEnd = intact == 0 ? SegmentDescriptor.HEADER_LENGTH
            : lsns.get(intact - 1) + RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + lengths.get(intact - 1));
        try (Wal wal = Wal.open(config())) {
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            for (int i = 0; i < intact; i++) {
                assertTrue(reader.next(record), what + ": missing record " + i);
                assertEquals(lsns.get(i), record.lsn(), what);
                assertArrayEquals(Payloads.bytes(i, lengths.get(i)), record.payloadBytes(), what);
            }
            assertFalse(reader.next(record), what + ": read past the intact prefix of " + intact);
            assertEquals(expectedEnd, wal.recoveryReport().endLsn(), what);
            final long next = wal.append(Payloads.bytes(999, 10));
            assertEquals(Lsns.nextRecordStart(expectedEnd, SEGMENT), next, what + ": append lands right after the prefix");
        }
        final byte[] after = Files.readAllBytes(segmentFile);
        final int tailFrom = (int)(Lsns.nextRecordStart(expectedEnd, SEGMENT) + RecordDescriptor.alignedLength(58));
        for (int i = tailFrom; i < after.length; i++) {
            if (after[i] != 0) {
                throw new AssertionError(what + ": byte after the end not zeroed: offset=" + i);
            }
        }
        Files.write(segmentFile, original);
    }

    private boolean isIntact(final byte[] image, final int index) {
        final int from = (int)(long)lsns.get(index);
        final int to = from + RecordDescriptor.HEADER_LENGTH + lengths.get(index);
        return Arrays.equals(image, from, to, original, from, to);
    }
}

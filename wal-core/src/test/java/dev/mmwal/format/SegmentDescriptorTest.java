package dev.mmwal.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentDescriptorTest {
    @Test
    void shouldPinEveryFieldOffsetWhenLayoutIsDeclared() {
        assertEquals(0, SegmentDescriptor.MAGIC_OFFSET);
        assertEquals(8, SegmentDescriptor.VERSION_OFFSET);
        assertEquals(12, SegmentDescriptor.HEADER_LENGTH_OFFSET);
        assertEquals(16, SegmentDescriptor.BASE_LSN_OFFSET);
        assertEquals(24, SegmentDescriptor.SEGMENT_SIZE_OFFSET);
        assertEquals(32, SegmentDescriptor.CREATED_MILLIS_OFFSET);
        assertEquals(40, SegmentDescriptor.DURABLE_WATERMARK_OFFSET);
        assertEquals(48, SegmentDescriptor.SEALED_END_LSN_OFFSET);
        assertEquals(56, SegmentDescriptor.FLAGS_OFFSET);
        assertEquals(60, SegmentDescriptor.CRC_OFFSET);
        assertEquals(64, SegmentDescriptor.HEADER_LENGTH);
    }

    @Test
    void shouldSpellMagicInAsciiWhenWritten() {
        final MemorySegment header = Arena.ofAuto().allocate(64, 8);
        SegmentDescriptor.write(header, 1L << 26, 1L << 26, 42);
        final byte[] magic = header.asSlice(0, 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertEquals("MMWALSEG", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(SegmentDescriptor.computeCrc(header), SegmentDescriptor.crc(header));
        assertFalse(SegmentDescriptor.isSealed(header));
        SegmentDescriptor.seal(header, 123);
        assertTrue(SegmentDescriptor.isSealed(header));
        assertEquals(123, SegmentDescriptor.sealedEndLsn(header));
        assertEquals(SegmentDescriptor.computeCrc(header), SegmentDescriptor.crc(header));
    }

    @Test
    void shouldSortInLogOrderWhenNamedByBaseLsn() {
        assertEquals("0000000000000000.wal", SegmentDescriptor.fileName(0));
        assertEquals("0000000004000000.wal", SegmentDescriptor.fileName(64L << 20));
        assertTrue(SegmentDescriptor.fileName(0x10000000L).compareTo(SegmentDescriptor.fileName(0x0F000000L)) > 0);
        assertEquals(64L << 20, SegmentDescriptor.parseFileName("0000000004000000.wal"));
        assertEquals(-1, SegmentDescriptor.parseFileName("mmwal.lock"));
        assertEquals(-1, SegmentDescriptor.parseFileName("000000000400000g.wal"));
    }
}

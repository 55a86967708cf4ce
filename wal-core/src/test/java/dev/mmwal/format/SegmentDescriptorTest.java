package dev.mmwal.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        assertEquals(64, SegmentDescriptor.COPY_LENGTH);
        assertEquals(128, SegmentDescriptor.HEADER_LENGTH);
    }

    @Test
    void shouldWriteTwoEqualValidCopiesWhenWritten() {
        final MemorySegment memory = newHeader();
        final byte[] magic = memory.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE);
        assertEquals("MMWALSEG", new String(magic, StandardCharsets.US_ASCII));
        assertArrayEquals(memory.asSlice(0, 64).toArray(ValueLayout.JAVA_BYTE), memory.asSlice(64, 64).toArray(ValueLayout.JAVA_BYTE));
        assertTrue(SegmentDescriptor.isValidCopy(memory, 0));
        assertTrue(SegmentDescriptor.isValidCopy(memory, 64));
        assertEquals(128, SegmentDescriptor.headerLength(SegmentDescriptor.current(memory)));
        assertFalse(SegmentDescriptor.isSealedNow(memory));
        SegmentDescriptor.seal(memory, 123);
        assertTrue(SegmentDescriptor.isSealedNow(memory));
        assertEquals(123, SegmentDescriptor.sealedEndLsn(SegmentDescriptor.current(memory)));
    }

    @Test
    void shouldWriteEachUpdateIntoTheCopyReadersDoNotTrustWhenUpdating() {
        final MemorySegment memory = newHeader();
        for (long watermark = 1_000; watermark <= 5_000; watermark += 1_000) {
            final long trusted = SegmentDescriptor.currentOffset(memory);
            final byte[] before = memory.asSlice(trusted, 64).toArray(ValueLayout.JAVA_BYTE);
            SegmentDescriptor.durableWatermark(memory, watermark);
            assertArrayEquals(before, memory.asSlice(trusted, 64).toArray(ValueLayout.JAVA_BYTE), "the trusted copy was touched");
            assertEquals(64 - trusted, SegmentDescriptor.currentOffset(memory));
            assertEquals(watermark, SegmentDescriptor.durableWatermark(SegmentDescriptor.current(memory)));
        }
        final long trusted = SegmentDescriptor.currentOffset(memory);
        SegmentDescriptor.seal(memory, 9_000);
        assertEquals(64 - trusted, SegmentDescriptor.currentOffset(memory));
        assertEquals(5_000, SegmentDescriptor.durableWatermark(SegmentDescriptor.current(memory)));
    }

    /**
     * Write-back may catch an update at any store: for every split of the updated copy into bytes
     * already new and bytes still old, in either direction, the header still reads as the old state
     * or the new one, never as damage.
     */
    @Test
    void shouldReadOldOrNewStateWhenAnUpdateIsCaughtHalfWritten() {
        for (final boolean seal : new boolean[] {false, true}) {
            final MemorySegment memory = newHeader();
            SegmentDescriptor.durableWatermark(memory, 4_096);
            final byte[] old = memory.asSlice(0, 128).toArray(ValueLayout.JAVA_BYTE);
            if (seal) {
                SegmentDescriptor.seal(memory, 65_536);
            } else {
                SegmentDescriptor.durableWatermark(memory, 8_192);
            }
            final byte[] updated = memory.asSlice(0, 128).toArray(ValueLayout.JAVA_BYTE);
            for (int split = 0; split <= 128; split++) {
                for (final boolean newFirst : new boolean[] {true, false}) {
                    final MemorySegment torn = Arena.ofAuto().allocate(128, 8);
                    for (int i = 0; i < 128; i++) {
                        final boolean takeNew = newFirst == (i < split);
                        torn.set(ValueLayout.JAVA_BYTE, i, takeNew ? updated[i] : old[i]);
                    }
                    final MemorySegment header = SegmentDescriptor.current(torn);
                    assertNotNull(header, "no valid copy: seal=" + seal + ", split=" + split + ", newFirst=" + newFirst);
                    final boolean isNew = seal ? SegmentDescriptor.isSealed(header) : SegmentDescriptor.durableWatermark(header) == 8_192;
                    final boolean isOld = !SegmentDescriptor.isSealed(header) && SegmentDescriptor.durableWatermark(header) == 4_096;
                    assertTrue(isNew || isOld, "neither the old nor the new state: seal=" + seal + ", split=" + split);
                }
            }
        }
    }

    @Test
    void shouldTrustTheWholeCopyWhenTheOtherIsDamaged() {
        final MemorySegment memory = newHeader();
        SegmentDescriptor.durableWatermark(memory, 4_096);
        final long newer = SegmentDescriptor.currentOffset(memory);
        memory.set(ValueLayout.JAVA_BYTE, newer + 41, (byte)0x7F);
        assertEquals(64 - newer, SegmentDescriptor.currentOffset(memory));
        assertEquals(0, SegmentDescriptor.durableWatermark(SegmentDescriptor.current(memory)));
        memory.set(ValueLayout.JAVA_BYTE, 64 - newer + 3, (byte)0x7F);
        assertNull(SegmentDescriptor.current(memory));
        assertEquals(-1, SegmentDescriptor.currentOffset(memory));
    }

    private static MemorySegment newHeader() {
        final MemorySegment memory = Arena.ofAuto().allocate(128, 8);
        SegmentDescriptor.write(memory, 1L << 26, 1L << 26, 42);
        return memory;
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

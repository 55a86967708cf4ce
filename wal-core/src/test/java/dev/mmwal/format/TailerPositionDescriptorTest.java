package dev.mmwal.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailerPositionDescriptorTest {
    @Test
    void shouldPinEveryFieldOffsetWhenLayoutIsDeclared() {
        assertEquals(0, TailerPositionDescriptor.MAGIC_OFFSET);
        assertEquals(8, TailerPositionDescriptor.POSITION_OFFSET);
        assertEquals(16, TailerPositionDescriptor.SEQUENCE_OFFSET);
        assertEquals(24, TailerPositionDescriptor.VERSION_OFFSET);
        assertEquals(28, TailerPositionDescriptor.CRC_OFFSET);
        assertEquals(32, TailerPositionDescriptor.COPY_LENGTH);
        assertEquals(64, TailerPositionDescriptor.FILE_LENGTH);
        assertEquals(24, TailerPositionDescriptor.V1_LENGTH);
        assertEquals(8, TailerPositionDescriptor.BARE_LENGTH);
    }

    @Test
    void shouldTrustTheValidCopyWithTheHigherSequenceWhenBothAreWritten() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment file = arena.allocate(TailerPositionDescriptor.FILE_LENGTH, 8);
            assertEquals(-1, TailerPositionDescriptor.currentOffset(file));
            TailerPositionDescriptor.write(file, 0, 4096, 1);
            assertEquals("TAILRPOS", new String(file.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            assertEquals(0, TailerPositionDescriptor.currentOffset(file));
            TailerPositionDescriptor.write(file, 32, 8192, 2);
            assertEquals(32, TailerPositionDescriptor.currentOffset(file));
            assertEquals(8192, TailerPositionDescriptor.position(file, 32));
            assertEquals(TailerPositionDescriptor.FORMAT_VERSION, TailerPositionDescriptor.version(file, 32));
            file.set(ValueLayout.JAVA_BYTE, 32 + 9, (byte)0x40);
            assertFalse(TailerPositionDescriptor.isValidCopy(file, 32));
            assertEquals(0, TailerPositionDescriptor.currentOffset(file), "a torn newer copy falls back to the older one");
        }
    }

    @Test
    void shouldReadVersionOneFileWhenItsCrcMatches() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment file = arena.allocate(TailerPositionDescriptor.V1_LENGTH, 8);
            final ValueLayout.OfLong longLe = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            file.set(longLe, 0, TailerPositionDescriptor.MAGIC);
            file.set(longLe, 8, 12_345_600L);
            file.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 16, Checksums.crc32c(file, 0, 16));
            assertTrue(TailerPositionDescriptor.isValidV1(file));
            assertEquals(12_345_600L, TailerPositionDescriptor.v1Position(file));
            file.set(ValueLayout.JAVA_BYTE, 9, (byte)1);
            assertFalse(TailerPositionDescriptor.isValidV1(file));
        }
    }
}

package dev.mmwal.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ChecksumsTest {
    @Test
    void shouldMatchTheStandardCheckValueWhenGivenTheRfcInput() {
        final MemorySegment segment = Arena.ofAuto().allocate(64);
        final byte[] input = "123456789".getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 3, input.length);
        assertEquals(0xE3069283, Checksums.crc32c(segment, 3, input.length));
    }

    @Test
    void shouldCoverFrameLengthWhenChecksummingARecord() {
        final MemorySegment segment = Arena.ofAuto().allocate(128, 8);
        RecordDescriptor.type(segment, 0, RecordType.DATA);
        final int a = Checksums.recordCrc(segment, 0, RecordType.DATA, 64);
        final int b = Checksums.recordCrc(segment, 0, RecordType.DATA, 72);
        assertNotEquals(a, b);
    }

    @Test
    void shouldIgnorePaddingBodyWhenChecksummingPadding() {
        final MemorySegment segment = Arena.ofAuto().allocate(256, 8);
        RecordDescriptor.type(segment, 0, RecordType.PADDING);
        final int before = Checksums.recordCrc(segment, 0, RecordType.PADDING, 200);
        segment.set(ValueLayout.JAVA_BYTE, 100, (byte)7);
        assertEquals(before, Checksums.recordCrc(segment, 0, RecordType.PADDING, 200));
    }
}

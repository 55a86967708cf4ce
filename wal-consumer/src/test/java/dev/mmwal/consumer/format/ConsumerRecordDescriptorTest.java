package dev.mmwal.consumer.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsumerRecordDescriptorTest {
    @Test
    void shouldPinEveryFieldOffsetWhenLayoutIsDeclared() {
        assertEquals(0, ConsumerRecordDescriptor.MAGIC_OFFSET);
        assertEquals(4, ConsumerRecordDescriptor.KIND_OFFSET);
        assertEquals(5, ConsumerRecordDescriptor.VERSION_OFFSET);
        assertEquals(6, ConsumerRecordDescriptor.CLIENT_ID_LENGTH_OFFSET);
        assertEquals(8, ConsumerRecordDescriptor.DATA_LENGTH_OFFSET);
        assertEquals(12, ConsumerRecordDescriptor.WINDOW_SIZE_OFFSET);
        assertEquals(16, ConsumerRecordDescriptor.MESSAGE_ID_OFFSET);
        assertEquals(24, ConsumerRecordDescriptor.TIMESTAMP_OFFSET);
        assertEquals(32, ConsumerRecordDescriptor.WINDOW_BITS_OFFSET);
        assertEquals(40, ConsumerRecordDescriptor.HEADER_LENGTH);
        assertEquals(40, ConsumerRecordDescriptor.LAYOUT.byteSize());
        assertEquals(8, ConsumerRecordDescriptor.LAYOUT.byteAlignment());
    }

    @Test
    void shouldWriteLittleEndianFieldsWhereTheDrawingSays() {
        final MemorySegment memory = Arena.ofAuto().allocate(64, 8);
        ConsumerRecordDescriptor.writeHeader(memory, 8, RecordKind.SNAPSHOT, 0xFFFE, 7, 16, 0x0102030405060708L, 99L, -1L);
        assertEquals(0x4D, memory.get(ValueLayout.JAVA_BYTE, 8));          // 'M', magic's low byte
        assertEquals(RecordKind.SNAPSHOT, memory.get(ValueLayout.JAVA_BYTE, 8 + 4));
        assertEquals(ConsumerRecordDescriptor.VERSION, memory.get(ValueLayout.JAVA_BYTE, 8 + 5));
        assertEquals((byte)0xFE, memory.get(ValueLayout.JAVA_BYTE, 8 + 6));
        assertEquals(0x08, memory.get(ValueLayout.JAVA_BYTE, 8 + 16));
        assertEquals(0xFFFE, ConsumerRecordDescriptor.clientIdLength(memory, 8));
        assertEquals(7, ConsumerRecordDescriptor.dataLength(memory, 8));
        assertEquals(16, ConsumerRecordDescriptor.windowSize(memory, 8));
        assertEquals(0x0102030405060708L, ConsumerRecordDescriptor.messageId(memory, 8));
        assertEquals(99L, ConsumerRecordDescriptor.timestampMillis(memory, 8));
        assertEquals(-1L, ConsumerRecordDescriptor.windowBits(memory, 8));
        assertEquals(40 + 3 + 5, ConsumerRecordDescriptor.payloadLength(3, 5));
        assertEquals(8 + 40 + 3, ConsumerRecordDescriptor.dataOffset(8, 3));
    }
}

package dev.mmwal.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordDescriptorTest {
    /** A transaction-range code (wal-txn's UPDATE): the header-rich record these tests write. */
    private static final byte TXN_UPDATE = 0x11;

    @Test
    void shouldPinEveryFieldOffsetWhenLayoutIsDeclared() {
        assertEquals(0, RecordDescriptor.FRAME_LENGTH_OFFSET);
        assertEquals(4, RecordDescriptor.CRC_OFFSET);
        assertEquals(8, RecordDescriptor.LSN_OFFSET);
        assertEquals(16, RecordDescriptor.TXN_ID_OFFSET);
        assertEquals(24, RecordDescriptor.PREV_LSN_OFFSET);
        assertEquals(32, RecordDescriptor.PAGE_ID_OFFSET);
        assertEquals(40, RecordDescriptor.TYPE_OFFSET);
        assertEquals(41, RecordDescriptor.FLAGS_OFFSET);
        assertEquals(42, RecordDescriptor.PAGE_OFFSET_OFFSET);
        assertEquals(44, RecordDescriptor.BEFORE_LENGTH_OFFSET);
        assertEquals(48, RecordDescriptor.HEADER_LENGTH);
        assertEquals(48, RecordDescriptor.LAYOUT.byteSize());
    }

    @Test
    void shouldBeNaturallyAlignedWhenRecordsAreAligned() {
        assertEquals(8, RecordDescriptor.LAYOUT.byteAlignment());
        assertEquals(0, RecordDescriptor.HEADER_LENGTH % RecordDescriptor.ALIGNMENT);
    }

    @Test
    void shouldRoundUpToAlignmentWhenComputingAlignedLength() {
        assertEquals(48, RecordDescriptor.alignedLength(48));
        assertEquals(56, RecordDescriptor.alignedLength(49));
        assertEquals(56, RecordDescriptor.alignedLength(56));
        assertEquals(64, RecordDescriptor.alignedLength(57));
    }

    @Test
    void shouldRoundTripFieldsLittleEndianWhenWritten() {
        final var memory = java.lang.foreign.Arena.ofAuto().allocate(64, 8);
        RecordDescriptor.lsn(memory, 0, 0x0102030405060708L);
        RecordDescriptor.pageOffset(memory, 0, 0xFFFE);
        RecordDescriptor.type(memory, 0, TXN_UPDATE);
        assertEquals(0x08, memory.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8));
        assertEquals(0x0102030405060708L, RecordDescriptor.lsn(memory, 0));
        assertEquals(0xFFFE, RecordDescriptor.pageOffset(memory, 0));
        assertEquals(TXN_UPDATE, RecordDescriptor.type(memory, 0));
    }
}

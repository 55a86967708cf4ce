package dev.mmwal.txn.format;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins every offset the javadoc drawings of the transaction layer's descriptors show. */
class DescriptorLayoutTest {
    @Test
    void shouldPinClrSubHeaderWhenLayoutIsDeclared() {
        assertEquals(0, ClrDescriptor.UNDO_NEXT_LSN_OFFSET);
        assertEquals(8, ClrDescriptor.LENGTH);
        assertEquals(8, ClrDescriptor.REDO_IMAGE_OFFSET);
    }

    @Test
    void shouldPinCheckpointPayloadWhenLayoutIsDeclared() {
        assertEquals(0, CheckpointDescriptor.BEGIN_LSN_OFFSET);
        assertEquals(8, CheckpointDescriptor.NEXT_TXN_ID_OFFSET);
        assertEquals(16, CheckpointDescriptor.TAKEN_MILLIS_OFFSET);
        assertEquals(24, CheckpointDescriptor.TXN_COUNT_OFFSET);
        assertEquals(28, CheckpointDescriptor.DIRTY_PAGE_COUNT_OFFSET);
        assertEquals(32, CheckpointDescriptor.HEADER_LENGTH);
        assertEquals(0, CheckpointDescriptor.TXN_ID_OFFSET);
        assertEquals(8, CheckpointDescriptor.FIRST_LSN_OFFSET);
        assertEquals(16, CheckpointDescriptor.LAST_LSN_OFFSET);
        assertEquals(24, CheckpointDescriptor.UNDO_NEXT_LSN_OFFSET);
        assertEquals(32, CheckpointDescriptor.STATUS_OFFSET);
        assertEquals(40, CheckpointDescriptor.TXN_ENTRY_LENGTH);
        assertEquals(0, CheckpointDescriptor.PAGE_ID_OFFSET);
        assertEquals(8, CheckpointDescriptor.REC_LSN_OFFSET);
        assertEquals(16, CheckpointDescriptor.DIRTY_PAGE_ENTRY_LENGTH);
        assertEquals(32 + 2 * 40 + 3 * 16, CheckpointDescriptor.payloadLength(2, 3));
        assertEquals(32 + 2 * 40 + 16, CheckpointDescriptor.dirtyPageEntryOffset(2, 1));
    }

    @Test
    void shouldPinControlFileCopyWhenLayoutIsDeclared() {
        assertEquals(0, ControlFileDescriptor.MAGIC_OFFSET);
        assertEquals(8, ControlFileDescriptor.VERSION_OFFSET);
        assertEquals(12, ControlFileDescriptor.COPY_LENGTH_OFFSET);
        assertEquals(16, ControlFileDescriptor.SEQUENCE_OFFSET);
        assertEquals(24, ControlFileDescriptor.CHECKPOINT_LSN_OFFSET);
        assertEquals(32, ControlFileDescriptor.BEGIN_LSN_OFFSET);
        assertEquals(40, ControlFileDescriptor.REDO_LSN_OFFSET);
        assertEquals(48, ControlFileDescriptor.WRITTEN_MILLIS_OFFSET);
        assertEquals(60, ControlFileDescriptor.CRC_OFFSET);
        assertEquals(64, ControlFileDescriptor.COPY_LENGTH);
        assertEquals(128, ControlFileDescriptor.FILE_LENGTH);
        assertEquals(64, ControlFileDescriptor.copyOffset(1));
    }

    @Test
    void shouldRejectCopyWhenOneByteIsFlipped() {
        final MemorySegment memory = Arena.ofAuto().allocate(ControlFileDescriptor.FILE_LENGTH, 8);
        ControlFileDescriptor.write(memory, 64, 7, 4096, 4000, 3000, 1);
        assertTrue(ControlFileDescriptor.isValid(memory, 64));
        assertEquals(0x4D, memory.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 64), "magic starts with 'M'");
        memory.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 64 + 30, (byte)1);
        assertFalse(ControlFileDescriptor.isValid(memory, 64));
        assertFalse(ControlFileDescriptor.isValid(memory, 0), "an all-zero copy is not valid");
    }

    @Test
    void shouldUseTransactionRangeCodesWhenFormatIsVersion3() {
        final byte[] codes = {TxnRecordType.BEGIN, TxnRecordType.UPDATE, TxnRecordType.COMMIT, TxnRecordType.ABORT, TxnRecordType.CLR,
            TxnRecordType.END, TxnRecordType.CHECKPOINT_BEGIN, TxnRecordType.CHECKPOINT_END};
        for (int i = 0; i < codes.length; i++) {
            assertEquals(0x10 + i, codes[i]);
            assertTrue(dev.mmwal.format.RecordType.isTransaction(codes[i]));
            assertTrue(dev.mmwal.format.RecordType.isWritable(codes[i]));
        }
    }

    @Test
    void shouldNameEveryTxnTypeWhenAsked() {
        assertEquals("CLR", TxnRecordType.name(TxnRecordType.CLR));
        assertTrue(TxnRecordType.changesPage(TxnRecordType.UPDATE));
        assertFalse(TxnRecordType.changesPage(TxnRecordType.COMMIT));
    }
}

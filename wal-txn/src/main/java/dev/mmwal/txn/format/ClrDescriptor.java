package dev.mmwal.txn.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The sub-header at the start of a CLR's payload, declared once. The record header around it is
 * wal-core's (type {@link TxnRecordType#CLR}, {@code txnId}, {@code prevLsn} = the transaction's
 * previous record, {@code pageId} and {@code offset} = where the redo image goes,
 * {@code beforeLength} = 0: a CLR has no before image, it is never undone).
 *
 * <pre>
 *  payload
 *   0                              8
 *   +-------------------------------+----------------------------------
 *   | undoNextLsn                   | redo image (payloadLength - 8 B)
 *   +-------------------------------+----------------------------------
 * </pre>
 *
 * <ul>
 *   <li>{@code undoNextLsn} (i64): the next record of the transaction still to undo: the undone
 *   UPDATE's {@code prevLsn}; 0 when the rollback is complete. Undo after a crash follows it, so
 *   an update is never undone twice and a CLR never undone.</li>
 *   <li>redo image: the bytes the undone UPDATE's before image held; redo writes them at
 *   {@code offset} of page {@code pageId}.</li>
 * </ul>
 * Little-endian. The payload starts 8-aligned in the log, so the field is naturally aligned.
 * {@code ClrDescriptorTest} pins the offsets.
 */
public final class ClrDescriptor {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("undoNextLsn"))
        .withName("ClrSubHeader");

    public static final int LENGTH = (int)LAYOUT.byteSize();
    public static final int UNDO_NEXT_LSN_OFFSET = (int)LAYOUT.byteOffset(groupElement("undoNextLsn"));
    /** Where the redo image starts, from the payload's start. */
    public static final int REDO_IMAGE_OFFSET = LENGTH;

    private static final VarHandle UNDO_NEXT_LSN = LAYOUT.varHandle(groupElement("undoNextLsn"));

    private ClrDescriptor() {
    }

    public static long undoNextLsn(final MemorySegment buffer, final long payloadOffset) {
        return (long)UNDO_NEXT_LSN.get(buffer, payloadOffset);
    }

    public static void undoNextLsn(final MemorySegment buffer, final long payloadOffset, final long value) {
        UNDO_NEXT_LSN.set(buffer, payloadOffset, value);
    }
}

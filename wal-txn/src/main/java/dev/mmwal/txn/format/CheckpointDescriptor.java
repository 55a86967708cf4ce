package dev.mmwal.txn.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The payload of a {@link TxnRecordType#CHECKPOINT_END} record, declared once: a 32-byte header,
 * then {@code txnCount} transaction entries, then {@code dirtyPageCount} dirty page entries.
 *
 * <pre>
 *  header
 *   0                              8                              16
 *   +-------------------------------+-------------------------------+
 *   | beginLsn                      | nextTxnId                     |
 *   +-------------------------------+---------------+---------------+
 *  16                              24              28              32
 *   | takenMillis                   | txnCount      | dirtyPageCount|
 *   +-------------------------------+---------------+---------------+
 *  transaction entry (txnCount x 40, from 32)
 *   0               8               16              24              32      36      40
 *   +---------------+---------------+---------------+---------------+-------+-------+
 *   | txnId         | firstLsn      | lastLsn       | undoNextLsn   | status| resvd |
 *   +---------------+---------------+---------------+---------------+-------+-------+
 *  dirty page entry (dirtyPageCount x 16, after the transaction entries)
 *   0               8               16
 *   +---------------+---------------+
 *   | pageId        | recLsn        |
 *   +---------------+---------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code beginLsn}: the checkpoint's CHECKPOINT_BEGIN; analysis scans the log from it.</li>
 *   <li>{@code nextTxnId}: the id the next transaction would get; ids after a restart start at or
 *   above it.</li>
 *   <li>{@code status}: {@link #STATUS_ACTIVE} or {@link #STATUS_ABORTING} (committed and ended
 *   transactions are not listed). {@code firstLsn}/{@code lastLsn} 0: no record yet.</li>
 *   <li>{@code recLsn}: a lower bound of the first record that dirtied the page since it was last
 *   written back; redo starts at the smallest.</li>
 * </ul>
 * Little-endian; every entry starts 8-aligned. {@code CheckpointDescriptorTest} pins the offsets.
 */
public final class CheckpointDescriptor {
    public static final StructLayout HEADER = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("beginLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("nextTxnId"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("takenMillis"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("txnCount"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("dirtyPageCount"))
        .withName("CheckpointHeader");

    public static final StructLayout TXN_ENTRY = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("txnId"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("firstLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("lastLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("undoNextLsn"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("status"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("reserved"))
        .withName("CheckpointTxnEntry");

    public static final StructLayout DIRTY_PAGE_ENTRY = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("pageId"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("recLsn"))
        .withName("CheckpointDirtyPageEntry");

    public static final int HEADER_LENGTH = (int)HEADER.byteSize();
    public static final int TXN_ENTRY_LENGTH = (int)TXN_ENTRY.byteSize();
    public static final int DIRTY_PAGE_ENTRY_LENGTH = (int)DIRTY_PAGE_ENTRY.byteSize();

    public static final int BEGIN_LSN_OFFSET = offset(HEADER, "beginLsn");
    public static final int NEXT_TXN_ID_OFFSET = offset(HEADER, "nextTxnId");
    public static final int TAKEN_MILLIS_OFFSET = offset(HEADER, "takenMillis");
    public static final int TXN_COUNT_OFFSET = offset(HEADER, "txnCount");
    public static final int DIRTY_PAGE_COUNT_OFFSET = offset(HEADER, "dirtyPageCount");
    public static final int TXN_ID_OFFSET = offset(TXN_ENTRY, "txnId");
    public static final int FIRST_LSN_OFFSET = offset(TXN_ENTRY, "firstLsn");
    public static final int LAST_LSN_OFFSET = offset(TXN_ENTRY, "lastLsn");
    public static final int UNDO_NEXT_LSN_OFFSET = offset(TXN_ENTRY, "undoNextLsn");
    public static final int STATUS_OFFSET = offset(TXN_ENTRY, "status");
    public static final int PAGE_ID_OFFSET = offset(DIRTY_PAGE_ENTRY, "pageId");
    public static final int REC_LSN_OFFSET = offset(DIRTY_PAGE_ENTRY, "recLsn");

    public static final int STATUS_ACTIVE = 1;
    public static final int STATUS_ABORTING = 2;

    private static final VarHandle BEGIN_LSN = handle(HEADER, "beginLsn");
    private static final VarHandle NEXT_TXN_ID = handle(HEADER, "nextTxnId");
    private static final VarHandle TAKEN_MILLIS = handle(HEADER, "takenMillis");
    private static final VarHandle TXN_COUNT = handle(HEADER, "txnCount");
    private static final VarHandle DIRTY_PAGE_COUNT = handle(HEADER, "dirtyPageCount");
    private static final VarHandle TXN_ID = handle(TXN_ENTRY, "txnId");
    private static final VarHandle FIRST_LSN = handle(TXN_ENTRY, "firstLsn");
    private static final VarHandle LAST_LSN = handle(TXN_ENTRY, "lastLsn");
    private static final VarHandle UNDO_NEXT_LSN = handle(TXN_ENTRY, "undoNextLsn");
    private static final VarHandle STATUS = handle(TXN_ENTRY, "status");
    private static final VarHandle PAGE_ID = handle(DIRTY_PAGE_ENTRY, "pageId");
    private static final VarHandle REC_LSN = handle(DIRTY_PAGE_ENTRY, "recLsn");

    private CheckpointDescriptor() {
    }

    /** Payload bytes of a checkpoint with these table sizes. */
    public static long payloadLength(final int txnCount, final int dirtyPageCount) {
        return HEADER_LENGTH + (long)txnCount * TXN_ENTRY_LENGTH + (long)dirtyPageCount * DIRTY_PAGE_ENTRY_LENGTH;
    }

    /** Offset of transaction entry {@code index}, from the payload's start. */
    public static long txnEntryOffset(final int index) {
        return HEADER_LENGTH + (long)index * TXN_ENTRY_LENGTH;
    }

    /** Offset of dirty page entry {@code index}, from the payload's start. */
    public static long dirtyPageEntryOffset(final int txnCount, final int index) {
        return txnEntryOffset(txnCount) + (long)index * DIRTY_PAGE_ENTRY_LENGTH;
    }

    public static long beginLsn(final MemorySegment buffer, final long payload) {
        return (long)BEGIN_LSN.get(buffer, payload);
    }

    public static void beginLsn(final MemorySegment buffer, final long payload, final long value) {
        BEGIN_LSN.set(buffer, payload, value);
    }

    public static long nextTxnId(final MemorySegment buffer, final long payload) {
        return (long)NEXT_TXN_ID.get(buffer, payload);
    }

    public static void nextTxnId(final MemorySegment buffer, final long payload, final long value) {
        NEXT_TXN_ID.set(buffer, payload, value);
    }

    public static long takenMillis(final MemorySegment buffer, final long payload) {
        return (long)TAKEN_MILLIS.get(buffer, payload);
    }

    public static void takenMillis(final MemorySegment buffer, final long payload, final long value) {
        TAKEN_MILLIS.set(buffer, payload, value);
    }

    public static int txnCount(final MemorySegment buffer, final long payload) {
        return (int)TXN_COUNT.get(buffer, payload);
    }

    public static void txnCount(final MemorySegment buffer, final long payload, final int value) {
        TXN_COUNT.set(buffer, payload, value);
    }

    public static int dirtyPageCount(final MemorySegment buffer, final long payload) {
        return (int)DIRTY_PAGE_COUNT.get(buffer, payload);
    }

    public static void dirtyPageCount(final MemorySegment buffer, final long payload, final int value) {
        DIRTY_PAGE_COUNT.set(buffer, payload, value);
    }

    /** Writes one transaction entry at {@code entry} (an absolute offset in {@code buffer}). */
    public static void txnEntry(final MemorySegment buffer, final long entry, final long txnId, final long firstLsn,
                                final long lastLsn, final long undoNextLsn, final int status) {
        TXN_ID.set(buffer, entry, txnId);
        FIRST_LSN.set(buffer, entry, firstLsn);
        LAST_LSN.set(buffer, entry, lastLsn);
        UNDO_NEXT_LSN.set(buffer, entry, undoNextLsn);
        STATUS.set(buffer, entry, status);
    }

    public static long txnId(final MemorySegment buffer, final long entry) {
        return (long)TXN_ID.get(buffer, entry);
    }

    public static long firstLsn(final MemorySegment buffer, final long entry) {
        return (long)FIRST_LSN.get(buffer, entry);
    }

    public static long lastLsn(final MemorySegment buffer, final long entry) {
        return (long)LAST_LSN.get(buffer, entry);
    }

    public static long undoNextLsn(final MemorySegment buffer, final long entry) {
        return (long)UNDO_NEXT_LSN.get(buffer, entry);
    }

    public static int status(final MemorySegment buffer, final long entry) {
        return (int)STATUS.get(buffer, entry);
    }

    /** Writes one dirty page entry at {@code entry} (an absolute offset in {@code buffer}). */
    public static void dirtyPageEntry(final MemorySegment buffer, final long entry, final long pageId, final long recLsn) {
        PAGE_ID.set(buffer, entry, pageId);
        REC_LSN.set(buffer, entry, recLsn);
    }

    public static long pageId(final MemorySegment buffer, final long entry) {
        return (long)PAGE_ID.get(buffer, entry);
    }

    public static long recLsn(final MemorySegment buffer, final long entry) {
        return (long)REC_LSN.get(buffer, entry);
    }

    private static int offset(final StructLayout layout, final String name) {
        return (int)layout.byteOffset(groupElement(name));
    }

    private static VarHandle handle(final StructLayout layout, final String name) {
        return layout.varHandle(groupElement(name));
    }
}

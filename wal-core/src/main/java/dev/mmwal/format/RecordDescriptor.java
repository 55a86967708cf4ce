package dev.mmwal.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The fixed 48-byte record header, declared once. Every record in a segment starts with it, at an
 * offset that is a multiple of {@link #ALIGNMENT}, so every field is naturally aligned.
 *
 * <pre>
 *   0               4               8                              16
 *   +---------------+---------------+-------------------------------+
 *   | frameLength   | crc           | lsn                           |
 *   +---------------+---------------+-------------------------------+
 *  16                                                              32
 *   | txnId                         | prevLsn                       |
 *   +-------------------------------+-------------------------------+
 *  32                              40  41  42      44              48
 *   | pageId                        |typ|flg|pageOff| beforeLength  |
 *   +-------------------------------+---+---+-------+---------------+
 *  48 payload: beforeLength bytes of before image, then the after image
 * </pre>
 *
 * <ul>
 *   <li>{@code frameLength} (i32): header plus payload bytes, unaligned. The commit word: written
 *   last with release semantics; 0 means "not written". The record occupies
 *   {@link #alignedLength(int)} bytes.</li>
 *   <li>{@code crc} (i32): CRC32C over bytes {@code [8, frameLength)} followed by the four
 *   little-endian bytes of {@code frameLength}; for {@link RecordType#PADDING} over bytes
 *   {@code [8, 48)} only, since a padding frame's body is not data.</li>
 *   <li>{@code lsn} (i64): the record's own position in the log; a record whose lsn is not its
 *   position is stale or misplaced.</li>
 *   <li>{@code type} (u8): a {@link RecordType} code; its range says which layer owns it (core,
 *   transactions, application).</li>
 *   <li>{@code txnId}, {@code prevLsn}, {@code pageId} (i64), {@code flags} (u8), {@code pageOffset}
 *   (u16), {@code beforeLength} (i32): stored and checksummed by the core, which gives them no
 *   meaning; the layer that owns the type does (wal-txn: transaction id, the transaction's
 *   previous record, the page, the offset in the page, the before image's length at the start of
 *   the payload). A layer needing more per-record fields (a CLR's {@code undoNextLsn}) declares a
 *   sub-header at the start of the payload (docs/format.md).</li>
 * </ul>
 * All fields are little-endian. {@code RecordDescriptorTest} pins every offset.
 */
public final class RecordDescriptor {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("frameLength"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("lsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("txnId"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("prevLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("pageId"),
        ValueLayout.JAVA_BYTE.withName("type"),
        ValueLayout.JAVA_BYTE.withName("flags"),
        ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("pageOffset"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("beforeLength"))
        .withName("RecordHeader");

    public static final int HEADER_LENGTH = (int)LAYOUT.byteSize();
    public static final int ALIGNMENT = 8;

    public static final int FRAME_LENGTH_OFFSET = offsetOf("frameLength");
    public static final int CRC_OFFSET = offsetOf("crc");
    public static final int LSN_OFFSET = offsetOf("lsn");
    public static final int TXN_ID_OFFSET = offsetOf("txnId");
    public static final int PREV_LSN_OFFSET = offsetOf("prevLsn");
    public static final int PAGE_ID_OFFSET = offsetOf("pageId");
    public static final int TYPE_OFFSET = offsetOf("type");
    public static final int FLAGS_OFFSET = offsetOf("flags");
    public static final int PAGE_OFFSET_OFFSET = offsetOf("pageOffset");
    public static final int BEFORE_LENGTH_OFFSET = offsetOf("beforeLength");
    /** First byte covered by the CRC: everything after the frame length and the CRC itself. */
    public static final int CRC_COVERAGE_START = LSN_OFFSET;

    private static final VarHandle FRAME_LENGTH = handle("frameLength");
    private static final VarHandle CRC = handle("crc");
    private static final VarHandle LSN = handle("lsn");
    private static final VarHandle TXN_ID = handle("txnId");
    private static final VarHandle PREV_LSN = handle("prevLsn");
    private static final VarHandle PAGE_ID = handle("pageId");
    private static final VarHandle TYPE = handle("type");
    private static final VarHandle FLAGS = handle("flags");
    private static final VarHandle PAGE_OFFSET = handle("pageOffset");
    private static final VarHandle BEFORE_LENGTH = handle("beforeLength");

    private RecordDescriptor() {
    }

    /** Bytes a record of {@code frameLength} occupies in the log: rounded up to the alignment. */
    public static int alignedLength(final int frameLength) {
        return (frameLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Bytes the CRC covers from {@link #CRC_COVERAGE_START} for a record of this type and length. */
    public static int checksummedLength(final byte type, final int frameLength) {
        return (type == RecordType.PADDING ? HEADER_LENGTH : frameLength) - CRC_COVERAGE_START;
    }

    public static int frameLengthAcquire(final MemorySegment segment, final long recordOffset) {
        return (int)FRAME_LENGTH.getAcquire(segment, recordOffset);
    }

    public static void frameLengthRelease(final MemorySegment segment, final long recordOffset, final int value) {
        FRAME_LENGTH.setRelease(segment, recordOffset, value);
    }

    public static int frameLength(final MemorySegment segment, final long recordOffset) {
        return (int)FRAME_LENGTH.get(segment, recordOffset);
    }

    public static void frameLength(final MemorySegment segment, final long recordOffset, final int value) {
        FRAME_LENGTH.set(segment, recordOffset, value);
    }

    public static int crc(final MemorySegment segment, final long recordOffset) {
        return (int)CRC.get(segment, recordOffset);
    }

    public static void crc(final MemorySegment segment, final long recordOffset, final int value) {
        CRC.set(segment, recordOffset, value);
    }

    public static long lsn(final MemorySegment segment, final long recordOffset) {
        return (long)LSN.get(segment, recordOffset);
    }

    public static void lsn(final MemorySegment segment, final long recordOffset, final long value) {
        LSN.set(segment, recordOffset, value);
    }

    public static long txnId(final MemorySegment segment, final long recordOffset) {
        return (long)TXN_ID.get(segment, recordOffset);
    }

    public static void txnId(final MemorySegment segment, final long recordOffset, final long value) {
        TXN_ID.set(segment, recordOffset, value);
    }

    public static long prevLsn(final MemorySegment segment, final long recordOffset) {
        return (long)PREV_LSN.get(segment, recordOffset);
    }

    public static void prevLsn(final MemorySegment segment, final long recordOffset, final long value) {
        PREV_LSN.set(segment, recordOffset, value);
    }

    public static long pageId(final MemorySegment segment, final long recordOffset) {
        return (long)PAGE_ID.get(segment, recordOffset);
    }

    public static void pageId(final MemorySegment segment, final long recordOffset, final long value) {
        PAGE_ID.set(segment, recordOffset, value);
    }

    public static byte type(final MemorySegment segment, final long recordOffset) {
        return (byte)TYPE.get(segment, recordOffset);
    }

    public static void type(final MemorySegment segment, final long recordOffset, final byte value) {
        TYPE.set(segment, recordOffset, value);
    }

    public static byte flags(final MemorySegment segment, final long recordOffset) {
        return (byte)FLAGS.get(segment, recordOffset);
    }

    public static void flags(final MemorySegment segment, final long recordOffset, final byte value) {
        FLAGS.set(segment, recordOffset, value);
    }

    /** The page offset as an unsigned 16-bit value. */
    public static int pageOffset(final MemorySegment segment, final long recordOffset) {
        return Short.toUnsignedInt((short)PAGE_OFFSET.get(segment, recordOffset));
    }

    public static void pageOffset(final MemorySegment segment, final long recordOffset, final int value) {
        PAGE_OFFSET.set(segment, recordOffset, (short)value);
    }

    public static int beforeLength(final MemorySegment segment, final long recordOffset) {
        return (int)BEFORE_LENGTH.get(segment, recordOffset);
    }

    public static void beforeLength(final MemorySegment segment, final long recordOffset, final int value) {
        BEFORE_LENGTH.set(segment, recordOffset, value);
    }

    private static int offsetOf(final String name) {
        return (int)LAYOUT.byteOffset(groupElement(name));
    }

    private static VarHandle handle(final String name) {
        return LAYOUT.varHandle(groupElement(name));
    }
}

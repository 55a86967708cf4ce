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
    /** The header's memory layout: field names, sizes and little-endian byte order. */
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

    /** Bytes in the header: 48. */
    public static final int HEADER_LENGTH = (int)LAYOUT.byteSize();
    /** Every record starts at a multiple of this many bytes. */
    public static final int ALIGNMENT = 8;

    /** Offset of {@code frameLength} in the header. */
    public static final int FRAME_LENGTH_OFFSET = offsetOf("frameLength");
    /** Offset of {@code crc} in the header. */
    public static final int CRC_OFFSET = offsetOf("crc");
    /** Offset of {@code lsn} in the header. */
    public static final int LSN_OFFSET = offsetOf("lsn");
    /** Offset of {@code txnId} in the header. */
    public static final int TXN_ID_OFFSET = offsetOf("txnId");
    /** Offset of {@code prevLsn} in the header. */
    public static final int PREV_LSN_OFFSET = offsetOf("prevLsn");
    /** Offset of {@code pageId} in the header. */
    public static final int PAGE_ID_OFFSET = offsetOf("pageId");
    /** Offset of {@code type} in the header. */
    public static final int TYPE_OFFSET = offsetOf("type");
    /** Offset of {@code flags} in the header. */
    public static final int FLAGS_OFFSET = offsetOf("flags");
    /** Offset of {@code pageOffset} in the header. */
    public static final int PAGE_OFFSET_OFFSET = offsetOf("pageOffset");
    /** Offset of {@code beforeLength} in the header. */
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

    /**
     * Bytes a record occupies in the log.
     *
     * @param frameLength the record's frame length.
     * @return {@code frameLength} rounded up to {@link #ALIGNMENT}.
     */
    public static int alignedLength(final int frameLength) {
        return (frameLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Bytes the CRC covers from {@link #CRC_COVERAGE_START} (the frame length's four bytes, also
     * covered, not counted).
     *
     * @param type        the record's type code.
     * @param frameLength the record's frame length.
     * @return the header's remaining bytes for padding, else the frame from the coverage start on.
     */
    public static int checksummedLength(final byte type, final int frameLength) {
        return (type == RecordType.PADDING ? HEADER_LENGTH : frameLength) - CRC_COVERAGE_START;
    }

    /**
     * Reads the header field {@code frameLength} with acquire semantics (pairs with {@link #frameLengthRelease}).
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value; 0 when the record is not written.
     */
    public static int frameLengthAcquire(final MemorySegment segment, final long recordOffset) {
        return (int)FRAME_LENGTH.getAcquire(segment, recordOffset);
    }

    /**
     * Writes the header field {@code frameLength} with release semantics: the commit that publishes the record.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void frameLengthRelease(final MemorySegment segment, final long recordOffset, final int value) {
        FRAME_LENGTH.setRelease(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code frameLength}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value; 0 when the record is not written.
     */
    public static int frameLength(final MemorySegment segment, final long recordOffset) {
        return (int)FRAME_LENGTH.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code frameLength}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void frameLength(final MemorySegment segment, final long recordOffset, final int value) {
        FRAME_LENGTH.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code crc}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static int crc(final MemorySegment segment, final long recordOffset) {
        return (int)CRC.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code crc}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void crc(final MemorySegment segment, final long recordOffset, final int value) {
        CRC.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code lsn}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static long lsn(final MemorySegment segment, final long recordOffset) {
        return (long)LSN.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code lsn}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void lsn(final MemorySegment segment, final long recordOffset, final long value) {
        LSN.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code txnId}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static long txnId(final MemorySegment segment, final long recordOffset) {
        return (long)TXN_ID.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code txnId}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void txnId(final MemorySegment segment, final long recordOffset, final long value) {
        TXN_ID.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code prevLsn}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static long prevLsn(final MemorySegment segment, final long recordOffset) {
        return (long)PREV_LSN.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code prevLsn}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void prevLsn(final MemorySegment segment, final long recordOffset, final long value) {
        PREV_LSN.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code pageId}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static long pageId(final MemorySegment segment, final long recordOffset) {
        return (long)PAGE_ID.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code pageId}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void pageId(final MemorySegment segment, final long recordOffset, final long value) {
        PAGE_ID.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code type}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static byte type(final MemorySegment segment, final long recordOffset) {
        return (byte)TYPE.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code type}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void type(final MemorySegment segment, final long recordOffset, final byte value) {
        TYPE.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code flags}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static byte flags(final MemorySegment segment, final long recordOffset) {
        return (byte)FLAGS.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code flags}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
    public static void flags(final MemorySegment segment, final long recordOffset, final byte value) {
        FLAGS.set(segment, recordOffset, value);
    }

    /**
     * Reads the header field {@code pageOffset}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the page offset as an unsigned 16-bit value.
     */
    public static int pageOffset(final MemorySegment segment, final long recordOffset) {
        return Short.toUnsignedInt((short)PAGE_OFFSET.get(segment, recordOffset));
    }

    /**
     * Writes the header field {@code pageOffset}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store, truncated to 16 bits.
     */
    public static void pageOffset(final MemorySegment segment, final long recordOffset, final int value) {
        PAGE_OFFSET.set(segment, recordOffset, (short)value);
    }

    /**
     * Reads the header field {@code beforeLength}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @return the field's value.
     */
    public static int beforeLength(final MemorySegment segment, final long recordOffset) {
        return (int)BEFORE_LENGTH.get(segment, recordOffset);
    }

    /**
     * Writes the header field {@code beforeLength}.
     *
     * @param segment      the segment's bytes.
     * @param recordOffset the record's offset in {@code segment}.
     * @param value        the value to store.
     */
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

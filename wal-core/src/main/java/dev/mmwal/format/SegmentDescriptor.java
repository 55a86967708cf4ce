package dev.mmwal.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The header region at the start of every segment file: two copies of one 64-byte header, at
 * offsets 0 and 64, so records start at {@link #HEADER_LENGTH} (128). Each copy:
 *
 * <pre>
 *   0                              8               12              16
 *   +-------------------------------+---------------+---------------+
 *   | magic "MMWALSEG" (ASCII)      | version       | headerLength  |
 *   +-------------------------------+---------------+---------------+
 *  16                              24                              32
 *   | baseLsn                       | segmentSize                   |
 *   +-------------------------------+-------------------------------+
 *  32                              40                              48
 *   | createdMillis                 | durableWatermark              |
 *   +-------------------------------+-------------------------------+
 *  48                              56              60              64
 *   | sealedEndLsn                  | flags         | crc           |
 *   +-------------------------------+---------------+---------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code magic} identifies an mmwal segment; {@code version} is the format version the
 *   segment was created under ({@link #FORMAT_VERSION} now; {@link #OLDEST_READABLE_VERSION} and
 *   up are read, and a log keeps its older segments as they are while new ones get the new version);
 *   {@code headerLength} is {@link #HEADER_LENGTH}, both copies.</li>
 *   <li>{@code baseLsn}: the LSN of the segment's first byte; the file is named after it.</li>
 *   <li>{@code durableWatermark}: an LSN the flusher recorded as durable (refreshed now and then,
 *   not on every sync); every record in this segment below it was acknowledgeable, so damage
 *   below it is corruption, never a torn tail.</li>
 *   <li>{@code flags}: {@link #FLAG_SEALED} once every record in the segment, padding included,
 *   is durable; {@code sealedEndLsn} is then the end of its last record. Recovery scans only
 *   from the first segment that is not sealed.</li>
 *   <li>{@code crc}: CRC32C of the copy's bytes {@code [0, 60)}.</li>
 * </ul>
 *
 * <p>Why two copies: the flusher changes a live segment's header in place (watermark, seal)
 * through the mapping, and the kernel may write the page back at any instant, between a field's
 * store and the CRC's. With one copy, a power cut after such a write-back leaves a header whose
 * CRC fails and a log that refuses to open. So an update never touches the copy readers trust:
 * it writes the whole new header into the <em>other</em> copy, and {@link #current} trusts the
 * valid copy that has advanced furthest (sealed beats unsealed, then the higher watermark; both
 * only ever grow). At every instant one copy is whole, whatever the write-back caught.
 *
 * <p>All fields are little-endian. {@code SegmentDescriptorTest} pins every offset.
 */
public final class SegmentDescriptor {
    /** One header copy's memory layout: field names, sizes and little-endian byte order. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("version"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("headerLength"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("baseLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("segmentSize"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("createdMillis"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("durableWatermark"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("sealedEndLsn"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("flags"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"))
        .withName("SegmentHeader");

    /** Bytes in one copy of the header. */
    public static final int COPY_LENGTH = (int)LAYOUT.byteSize();
    /** Copies of the header at the start of each segment. */
    public static final int COPIES = 2;
    /** Bytes before a segment's first record: both copies. */
    public static final int HEADER_LENGTH = COPIES * COPY_LENGTH;
    /** "MMWALSEG" read as a little-endian long. */
    public static final long MAGIC = 0x4745_534C_4157_4D4DL;
    /** The version this software writes: 3 (record-type ranges per layer; record bytes as in 2). */
    public static final int FORMAT_VERSION = 3;
    /** The oldest version this software reads and appends to: 2 (same record layout, no type ranges). */
    public static final int OLDEST_READABLE_VERSION = 2;
    /** Bit of {@code flags}: the segment is sealed at {@code sealedEndLsn}. */
    public static final int FLAG_SEALED = 1;
    /** The suffix of every segment file's name. */
    public static final String FILE_SUFFIX = ".wal";

    /** Offset of {@code magic} in a header copy. */
    public static final int MAGIC_OFFSET = offsetOf("magic");
    /** Offset of {@code version} in a header copy. */
    public static final int VERSION_OFFSET = offsetOf("version");
    /** Offset of {@code headerLength} in a header copy. */
    public static final int HEADER_LENGTH_OFFSET = offsetOf("headerLength");
    /** Offset of {@code baseLsn} in a header copy. */
    public static final int BASE_LSN_OFFSET = offsetOf("baseLsn");
    /** Offset of {@code segmentSize} in a header copy. */
    public static final int SEGMENT_SIZE_OFFSET = offsetOf("segmentSize");
    /** Offset of {@code createdMillis} in a header copy. */
    public static final int CREATED_MILLIS_OFFSET = offsetOf("createdMillis");
    /** Offset of {@code durableWatermark} in a header copy. */
    public static final int DURABLE_WATERMARK_OFFSET = offsetOf("durableWatermark");
    /** Offset of {@code flags} in a header copy. */
    public static final int FLAGS_OFFSET = offsetOf("flags");
    /** Offset of {@code sealedEndLsn} in a header copy. */
    public static final int SEALED_END_LSN_OFFSET = offsetOf("sealedEndLsn");
    /** Offset of {@code crc} in a header copy. */
    public static final int CRC_OFFSET = offsetOf("crc");

    private static final VarHandle MAGIC_VH = handle("magic");
    private static final VarHandle VERSION = handle("version");
    private static final VarHandle HEADER_LEN = handle("headerLength");
    private static final VarHandle BASE_LSN = handle("baseLsn");
    private static final VarHandle SEGMENT_SIZE = handle("segmentSize");
    private static final VarHandle CREATED_MILLIS = handle("createdMillis");
    private static final VarHandle DURABLE_WATERMARK = handle("durableWatermark");
    private static final VarHandle FLAGS = handle("flags");
    private static final VarHandle SEALED_END_LSN = handle("sealedEndLsn");
    private static final VarHandle CRC = handle("crc");

    private SegmentDescriptor() {
    }

    /**
     * Segment files are named by base LSN in fixed-width hex, so a listing sorts in log order.
     *
     * @param baseLsn the segment's base LSN.
     * @return 16 lowercase hex digits then {@link #FILE_SUFFIX}.
     */
    public static String fileName(final long baseLsn) {
        return String.format("%016x%s", baseLsn, FILE_SUFFIX);
    }

    /**
     * The base LSN a segment file name encodes.
     *
     * @param name a file name, without directory.
     * @return the base LSN, or -1 when the name is not a segment's.
     */
    public static long parseFileName(final String name) {
        if (name.length() != 16 + FILE_SUFFIX.length() || !name.endsWith(FILE_SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(name, 0, 16, 16);
        } catch (final NumberFormatException ex) {
            return -1;
        }
    }

    /**
     * Writes both copies of a complete, unsealed header, each with its CRC.
     *
     * @param memory        the segment's bytes, from its start; {@link #HEADER_LENGTH} bytes are written.
     * @param baseLsn       the segment's base LSN.
     * @param segmentSize   the log's segment size in bytes.
     * @param createdMillis the creation time, in epoch milliseconds.
     */
    public static void write(final MemorySegment memory, final long baseLsn, final long segmentSize, final long createdMillis) {
        memory.asSlice(0, HEADER_LENGTH).fill((byte)0);
        MAGIC_VH.set(memory, 0L, MAGIC);
        VERSION.set(memory, 0L, FORMAT_VERSION);
        HEADER_LEN.set(memory, 0L, HEADER_LENGTH);
        BASE_LSN.set(memory, 0L, baseLsn);
        SEGMENT_SIZE.set(memory, 0L, segmentSize);
        CREATED_MILLIS.set(memory, 0L, createdMillis);
        CRC.set(memory, 0L, computeCrc(memory, 0));
        MemorySegment.copy(memory, 0, memory, COPY_LENGTH, COPY_LENGTH);
    }

    /**
     * Marks the segment sealed at {@code endLsn}, writing the new header into the copy that is not
     * current (see the class comment).
     *
     * @param memory the segment's bytes, from its start.
     * @param endLsn the end of the segment's records.
     * @throws IllegalStateException when neither copy is valid
     */
    public static void seal(final MemorySegment memory, final long endLsn) {
        final long target = copyForUpdate(memory);
        SEALED_END_LSN.set(memory, target, endLsn);
        FLAGS.set(memory, target, (int)FLAGS.get(memory, target) | FLAG_SEALED);
        CRC.set(memory, target, computeCrc(memory, target));
    }

    /**
     * Records {@code lsn} as known durable, writing the new header into the copy that is not
     * current (see the class comment).
     *
     * @param memory the segment's bytes, from its start.
     * @param lsn    the durable LSN to record.
     * @throws IllegalStateException when neither copy is valid
     */
    public static void durableWatermark(final MemorySegment memory, final long lsn) {
        final long target = copyForUpdate(memory);
        DURABLE_WATERMARK.set(memory, target, lsn);
        CRC.set(memory, target, computeCrc(memory, target));
    }

    /**
     * Overwrites the watermark of one copy (0 or {@link #COPY_LENGTH}) with {@code lsn}, which may
     * be lower than before: recovery uses it, copy by copy with a sync between, when a salvage
     * mode ended the log below a recorded watermark.
     *
     * @param memory     the segment's bytes, from its start.
     * @param copyOffset the copy to overwrite: 0 or {@link #COPY_LENGTH}.
     * @param lsn        the new watermark.
     */
    public static void overwriteWatermark(final MemorySegment memory, final long copyOffset, final long lsn) {
        DURABLE_WATERMARK.set(memory, copyOffset, lsn);
        CRC.set(memory, copyOffset, computeCrc(memory, copyOffset));
    }

    /** Copies the current header over the other copy and returns that copy's offset, ready for new fields. */
    private static long copyForUpdate(final MemorySegment memory) {
        final long current = currentOffset(memory);
        if (current < 0) {
            throw new IllegalStateException("segment header has no valid copy to update: crc0=0x"
                + Integer.toHexString(crc(memory, 0)) + ", crc1=0x" + Integer.toHexString(crc(memory, COPY_LENGTH)));
        }
        final long target = COPY_LENGTH - current;
        MemorySegment.copy(memory, current, memory, target, COPY_LENGTH);
        return target;
    }

    /**
     * The copy to trust: the valid copy that has advanced furthest, as a {@link #COPY_LENGTH}-byte
     * slice the field accessors below read.
     *
     * @param memory the segment's bytes, from its start.
     * @return the trusted copy, or null when neither copy is valid.
     */
    public static MemorySegment current(final MemorySegment memory) {
        final long offset = currentOffset(memory);
        return offset < 0 ? null : memory.asSlice(offset, COPY_LENGTH);
    }

    /**
     * The offset of the copy {@link #current} trusts.
     *
     * @param memory the segment's bytes, from its start.
     * @return 0 or {@link #COPY_LENGTH}; -1 when neither copy is valid.
     */
    public static long currentOffset(final MemorySegment memory) {
        final boolean first = isValidCopy(memory, 0);
        final boolean second = memory.byteSize() >= HEADER_LENGTH && isValidCopy(memory, COPY_LENGTH);
        if (first && second) {
            return progress(memory, COPY_LENGTH) > progress(memory, 0) ? COPY_LENGTH : 0;
        }
        return first ? 0 : second ? COPY_LENGTH : -1;
    }

    /**
     * Whether a copy's magic and CRC are right (its other fields still need checking against the file).
     *
     * @param memory the segment's bytes, from its start.
     * @param offset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return true when both are right.
     */
    public static boolean isValidCopy(final MemorySegment memory, final long offset) {
        return (long)MAGIC_VH.get(memory, offset) == MAGIC && crc(memory, offset) == computeCrc(memory, offset);
    }

    /** How far a copy has advanced: sealed beats any watermark; otherwise the watermark. */
    private static long progress(final MemorySegment memory, final long offset) {
        return ((int)FLAGS.get(memory, offset) & FLAG_SEALED) != 0 ? Long.MAX_VALUE : (long)DURABLE_WATERMARK.get(memory, offset);
    }

    /**
     * Computes the CRC of a copy.
     *
     * @param memory the segment's bytes.
     * @param offset the copy's offset in {@code memory}.
     * @return CRC32C of the copy at {@code offset}, over the bytes before its crc field.
     */
    public static int computeCrc(final MemorySegment memory, final long offset) {
        return Checksums.crc32c(memory, offset, CRC_OFFSET);
    }

    /**
     * Reads a copy's stored CRC.
     *
     * @param memory the segment's bytes.
     * @param offset the copy's offset in {@code memory}.
     * @return the stored {@code crc} field.
     */
    public static int crc(final MemorySegment memory, final long offset) {
        return (int)CRC.get(memory, offset);
    }

    /**
     * Whether the segment is sealed, by the trusted copy.
     *
     * @param memory the segment's bytes, from its start.
     * @return true when the current copy says sealed; false when neither copy is valid.
     */
    public static boolean isSealedNow(final MemorySegment memory) {
        final long offset = currentOffset(memory);
        return offset >= 0 && ((int)FLAGS.get(memory, offset) & FLAG_SEALED) != 0;
    }

    // Field accessors: of one copy, as returned by current(memory) (or the segment itself for copy 0).

    /**
     * Reads the field {@code durableWatermark} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static long durableWatermark(final MemorySegment header) {
        return (long)DURABLE_WATERMARK.get(header, 0L);
    }

    /**
     * Computes the CRC of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return CRC32C over the bytes before its crc field.
     */
    public static int computeCrc(final MemorySegment header) {
        return computeCrc(header, 0);
    }

    /**
     * Reads the field {@code magic} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static long magic(final MemorySegment header) {
        return (long)MAGIC_VH.get(header, 0L);
    }

    /**
     * Reads the field {@code version} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static int version(final MemorySegment header) {
        return (int)VERSION.get(header, 0L);
    }

    /**
     * Reads the field {@code headerLength} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static int headerLength(final MemorySegment header) {
        return (int)HEADER_LEN.get(header, 0L);
    }

    /**
     * Reads the field {@code baseLsn} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static long baseLsn(final MemorySegment header) {
        return (long)BASE_LSN.get(header, 0L);
    }

    /**
     * Reads the field {@code segmentSize} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static long segmentSize(final MemorySegment header) {
        return (long)SEGMENT_SIZE.get(header, 0L);
    }

    /**
     * Reads the field {@code createdMillis} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static long createdMillis(final MemorySegment header) {
        return (long)CREATED_MILLIS.get(header, 0L);
    }

    /**
     * Reads the field {@code flags} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static int flags(final MemorySegment header) {
        return (int)FLAGS.get(header, 0L);
    }

    /**
     * Whether a header copy has {@link #FLAG_SEALED} set.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return true when sealed.
     */
    public static boolean isSealed(final MemorySegment header) {
        return (flags(header) & FLAG_SEALED) != 0;
    }

    /**
     * Reads the field {@code sealedEndLsn} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static long sealedEndLsn(final MemorySegment header) {
        return (long)SEALED_END_LSN.get(header, 0L);
    }

    /**
     * Reads the field {@code crc} of a header copy.
     *
     * @param header one copy, as {@link #current} returns it (or the segment itself for copy 0).
     * @return the field's value.
     */
    public static int crc(final MemorySegment header) {
        return (int)CRC.get(header, 0L);
    }

    private static int offsetOf(final String name) {
        return (int)LAYOUT.byteOffset(groupElement(name));
    }

    private static VarHandle handle(final String name) {
        return LAYOUT.varHandle(groupElement(name));
    }
}

package dev.mmwal.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The 64-byte header at the start of every segment file. Records start right after it.
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
 *   <li>{@code magic} identifies an mmwal segment; {@code version} is {@link #FORMAT_VERSION}.</li>
 *   <li>{@code baseLsn}: the LSN of the segment's first byte; the file is named after it.</li>
 *   <li>{@code durableWatermark}: an LSN the flusher recorded as durable (refreshed now and then,
 *   not on every sync); every record in this segment below it was acknowledgeable, so damage
 *   below it is corruption, never a torn tail.</li>
 *   <li>{@code flags}: {@link #FLAG_SEALED} once every record in the segment, padding included,
 *   is durable; {@code sealedEndLsn} is then the end of its last record. Recovery scans only
 *   from the first segment that is not sealed.</li>
 *   <li>{@code crc}: CRC32C of bytes {@code [0, 60)}.</li>
 * </ul>
 * All fields are little-endian. {@code SegmentDescriptorTest} pins every offset.
 */
public final class SegmentDescriptor {
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

    public static final int HEADER_LENGTH = (int)LAYOUT.byteSize();
    /** "MMWALSEG" read as a little-endian long. */
    public static final long MAGIC = 0x4745_534C_4157_4D4DL;
    public static final int FORMAT_VERSION = 1;
    public static final int FLAG_SEALED = 1;
    public static final String FILE_SUFFIX = ".wal";

    public static final int MAGIC_OFFSET = offsetOf("magic");
    public static final int VERSION_OFFSET = offsetOf("version");
    public static final int HEADER_LENGTH_OFFSET = offsetOf("headerLength");
    public static final int BASE_LSN_OFFSET = offsetOf("baseLsn");
    public static final int SEGMENT_SIZE_OFFSET = offsetOf("segmentSize");
    public static final int CREATED_MILLIS_OFFSET = offsetOf("createdMillis");
    public static final int DURABLE_WATERMARK_OFFSET = offsetOf("durableWatermark");
    public static final int FLAGS_OFFSET = offsetOf("flags");
    public static final int SEALED_END_LSN_OFFSET = offsetOf("sealedEndLsn");
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

    /** Segment files are named by base LSN in fixed-width hex, so a listing sorts in log order. */
    public static String fileName(final long baseLsn) {
        return String.format("%016x%s", baseLsn, FILE_SUFFIX);
    }

    /** The base LSN a segment file name encodes, or -1 when the name is not a segment's. */
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

    /** Writes a complete, unsealed header with its CRC. */
    public static void write(final MemorySegment header, final long baseLsn, final long segmentSize, final long createdMillis) {
        header.asSlice(0, HEADER_LENGTH).fill((byte)0);
        MAGIC_VH.set(header, 0L, MAGIC);
        VERSION.set(header, 0L, FORMAT_VERSION);
        HEADER_LEN.set(header, 0L, HEADER_LENGTH);
        BASE_LSN.set(header, 0L, baseLsn);
        SEGMENT_SIZE.set(header, 0L, segmentSize);
        CREATED_MILLIS.set(header, 0L, createdMillis);
        CRC.set(header, 0L, computeCrc(header));
    }

    /** Marks the segment sealed at {@code endLsn} and refreshes the CRC. */
    public static void seal(final MemorySegment header, final long endLsn) {
        SEALED_END_LSN.set(header, 0L, endLsn);
        FLAGS.set(header, 0L, flags(header) | FLAG_SEALED);
        CRC.set(header, 0L, computeCrc(header));
    }

    /** Records {@code lsn} as known durable and refreshes the CRC. */
    public static void durableWatermark(final MemorySegment header, final long lsn) {
        DURABLE_WATERMARK.set(header, 0L, lsn);
        CRC.set(header, 0L, computeCrc(header));
    }

    public static long durableWatermark(final MemorySegment header) {
        return (long)DURABLE_WATERMARK.get(header, 0L);
    }

    public static int computeCrc(final MemorySegment header) {
        return Checksums.crc32c(header, 0, CRC_OFFSET);
    }

    public static long magic(final MemorySegment header) {
        return (long)MAGIC_VH.get(header, 0L);
    }

    public static int version(final MemorySegment header) {
        return (int)VERSION.get(header, 0L);
    }

    public static int headerLength(final MemorySegment header) {
        return (int)HEADER_LEN.get(header, 0L);
    }

    public static long baseLsn(final MemorySegment header) {
        return (long)BASE_LSN.get(header, 0L);
    }

    public static long segmentSize(final MemorySegment header) {
        return (long)SEGMENT_SIZE.get(header, 0L);
    }

    public static long createdMillis(final MemorySegment header) {
        return (long)CREATED_MILLIS.get(header, 0L);
    }

    public static int flags(final MemorySegment header) {
        return (int)FLAGS.get(header, 0L);
    }

    public static boolean isSealed(final MemorySegment header) {
        return (flags(header) & FLAG_SEALED) != 0;
    }

    public static long sealedEndLsn(final MemorySegment header) {
        return (long)SEALED_END_LSN.get(header, 0L);
    }

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

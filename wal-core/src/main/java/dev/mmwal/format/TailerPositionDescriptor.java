package dev.mmwal.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The position file of a named tailer ({@code tailers/NAME.pos} in the log directory): two copies
 * of one 32-byte record, at offsets 0 and 32, {@link #FILE_LENGTH} (64) bytes in all. Each copy:
 *
 * <pre>
 *   0                              8                              16
 *   +-------------------------------+-------------------------------+
 *   | magic "TAILRPOS" (ASCII)      | position                      |
 *   +-------------------------------+-------------------------------+
 *  16                              24              28              32
 *   | sequence                      | version       | crc           |
 *   +-------------------------------+---------------+---------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code magic} identifies a tailer position file; {@code version} is {@link #FORMAT_VERSION}.</li>
 *   <li>{@code position}: the LSN the tailer resumes from (the record after the last one it
 *   committed).</li>
 *   <li>{@code sequence}: grows by one with each commit; the valid copy with the higher sequence
 *   is the current one.</li>
 *   <li>{@code crc}: CRC32C of the copy's bytes {@code [0, 28)}.</li>
 * </ul>
 *
 * <p>Why two copies, as in the segment header ({@link SegmentDescriptor}): a commit overwrites
 * only the copy that is not current and syncs the file once, so a crash or power cut while the
 * write is under way leaves the other copy, the previous commit, whole; a torn copy fails its CRC
 * and is ignored. (The first commit creates the file whole under a temporary name and renames it,
 * so a file of this name always has at least one valid copy.)
 *
 * <p>Older files, read but never written: version 1, {@link #V1_LENGTH} (24) bytes, the same magic,
 * the position at 8 and a CRC32C of bytes {@code [0, 16)} at 16; and a bare little-endian
 * position of {@link #BARE_LENGTH} (8) bytes. The first commit replaces either with this layout.
 *
 * <p>All fields are little-endian. {@code TailerPositionDescriptorTest} pins every offset.
 */
public final class TailerPositionDescriptor {
    /** One copy. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("position"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("sequence"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("version"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"))
        .withName("TailerPosition");

    /** Bytes in one copy. */
    public static final int COPY_LENGTH = (int)LAYOUT.byteSize();
    /** Copies in a file. */
    public static final int COPIES = 2;
    /** Bytes in a position file of this version. */
    public static final int FILE_LENGTH = COPIES * COPY_LENGTH;
    /** "TAILRPOS" read as a little-endian long (the same magic as version 1). */
    public static final long MAGIC = 0x534F_5052_4C49_4154L;
    /** The version this software writes. */
    public static final int FORMAT_VERSION = 2;

    /** Bytes in a version-1 file: magic, position, CRC32C of the first 16 bytes, 4 bytes of padding. */
    public static final int V1_LENGTH = 24;
    /** Offset of the position in a version-1 file. */
    public static final int V1_POSITION_OFFSET = 8;
    /** Offset of the CRC in a version-1 file; it covers the bytes before it. */
    public static final int V1_CRC_OFFSET = 16;
    /** Bytes in a bare position file: the position alone, little-endian. */
    public static final int BARE_LENGTH = 8;

    /** Offset of {@code magic} in a copy. */
    public static final int MAGIC_OFFSET = offsetOf("magic");
    /** Offset of {@code position} in a copy. */
    public static final int POSITION_OFFSET = offsetOf("position");
    /** Offset of {@code sequence} in a copy. */
    public static final int SEQUENCE_OFFSET = offsetOf("sequence");
    /** Offset of {@code version} in a copy. */
    public static final int VERSION_OFFSET = offsetOf("version");
    /** Offset of {@code crc} in a copy. */
    public static final int CRC_OFFSET = offsetOf("crc");

    private static final VarHandle MAGIC_VH = handle("magic");
    private static final VarHandle POSITION = handle("position");
    private static final VarHandle SEQUENCE = handle("sequence");
    private static final VarHandle VERSION = handle("version");
    private static final VarHandle CRC = handle("crc");
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TailerPositionDescriptor() {
    }

    /**
     * Writes a whole copy at {@code copyOffset} (0 or {@link #COPY_LENGTH}) of {@code file}, CRC last.
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @param position   the LSN the tailer resumes from.
     * @param sequence   the commit's sequence number; the copy with the higher one is current.
     */
    public static void write(final MemorySegment file, final long copyOffset, final long position, final long sequence) {
        MAGIC_VH.set(file, copyOffset, MAGIC);
        POSITION.set(file, copyOffset, position);
        SEQUENCE.set(file, copyOffset, sequence);
        VERSION.set(file, copyOffset, FORMAT_VERSION);
        CRC.set(file, copyOffset, computeCrc(file, copyOffset));
    }

    /**
     * Whether a copy's magic and CRC are right (its version still needs checking).
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return true when both are right.
     */
    public static boolean isValidCopy(final MemorySegment file, final long copyOffset) {
        return magic(file, copyOffset) == MAGIC && crc(file, copyOffset) == computeCrc(file, copyOffset);
    }

    /**
     * The offset of the valid copy with the higher sequence (0 or {@link #COPY_LENGTH}), or -1 when neither is valid.
     *
     * @param file the position file's bytes.
     * @return 0 or {@link #COPY_LENGTH}; -1 when neither copy is valid.
     */
    public static long currentOffset(final MemorySegment file) {
        final boolean first = isValidCopy(file, 0);
        final boolean second = isValidCopy(file, COPY_LENGTH);
        if (first && second) {
            return sequence(file, COPY_LENGTH) > sequence(file, 0) ? COPY_LENGTH : 0;
        }
        return first ? 0 : second ? COPY_LENGTH : -1;
    }

    /**
     * CRC32C of the copy at {@code copyOffset}, over the bytes before its crc field.
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return CRC32C over the copy's bytes before its crc field.
     */
    public static int computeCrc(final MemorySegment file, final long copyOffset) {
        return Checksums.crc32c(file, copyOffset, CRC_OFFSET);
    }

    // Field accessors of the copy at copyOffset (0 or COPY_LENGTH) of a file image.

    /**
     * The copy's magic ({@link #MAGIC} when it is a position file).
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return the stored magic.
     */
    public static long magic(final MemorySegment file, final long copyOffset) {
        return (long)MAGIC_VH.get(file, copyOffset);
    }

    /**
     * The LSN the tailer resumes from.
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return the stored position.
     */
    public static long position(final MemorySegment file, final long copyOffset) {
        return (long)POSITION.get(file, copyOffset);
    }

    /**
     * The commit's sequence number.
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return the stored sequence number.
     */
    public static long sequence(final MemorySegment file, final long copyOffset) {
        return (long)SEQUENCE.get(file, copyOffset);
    }

    /**
     * The format version that wrote the copy.
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return the stored version.
     */
    public static int version(final MemorySegment file, final long copyOffset) {
        return (int)VERSION.get(file, copyOffset);
    }

    /**
     * The stored CRC (compare with {@link #computeCrc}).
     *
     * @param file       the position file's bytes.
     * @param copyOffset the copy's offset: 0 or {@link #COPY_LENGTH}.
     * @return the stored CRC.
     */
    public static int crc(final MemorySegment file, final long copyOffset) {
        return (int)CRC.get(file, copyOffset);
    }

    /**
     * Whether the first {@link #V1_LENGTH} bytes of {@code file} are a valid version-1 position file.
     *
     * @param file the position file's bytes.
     * @return true when its magic and CRC are right.
     */
    public static boolean isValidV1(final MemorySegment file) {
        return file.get(LONG_LE, 0) == MAGIC && file.get(INT_LE, V1_CRC_OFFSET) == Checksums.crc32c(file, 0, V1_CRC_OFFSET);
    }

    /**
     * The position a version-1 file holds.
     *
     * @param file the position file's bytes.
     * @return the stored position (the file is not checked).
     */
    public static long v1Position(final MemorySegment file) {
        return file.get(LONG_LE, V1_POSITION_OFFSET);
    }

    /**
     * The position a bare file holds.
     *
     * @param file the position file's bytes.
     * @return the first 8 bytes, as a little-endian long.
     */
    public static long barePosition(final MemorySegment file) {
        return file.get(LONG_LE, 0);
    }

    private static int offsetOf(final String name) {
        return (int)LAYOUT.byteOffset(groupElement(name));
    }

    private static VarHandle handle(final String name) {
        return LAYOUT.varHandle(groupElement(name));
    }
}

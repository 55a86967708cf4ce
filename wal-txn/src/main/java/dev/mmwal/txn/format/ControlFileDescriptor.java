package dev.mmwal.txn.format;

import dev.mmwal.format.Checksums;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The {@code txn.control} file, declared once: two copies of one 64-byte record, at offsets 0 and
 * 64, naming the last complete checkpoint. Each copy:
 *
 * <pre>
 *   0                              8               12              16
 *   +-------------------------------+---------------+---------------+
 *   | magic "MMWALTXC" (ASCII)      | version       | copyLength    |
 *   +-------------------------------+---------------+---------------+
 *  16                              24                              32
 *   | sequence                      | checkpointLsn                 |
 *   +-------------------------------+-------------------------------+
 *  32                              40                              48
 *   | beginLsn                      | redoLsn                       |
 *   +-------------------------------+---------------+---------------+
 *  48                              56              60              64
 *   | writtenMillis                 | reserved      | crc           |
 *   +-------------------------------+---------------+---------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code sequence}: grows by one per update; the valid copy with the highest one is
 *   trusted.</li>
 *   <li>{@code checkpointLsn}: the CHECKPOINT_END record of the last complete checkpoint;
 *   {@code beginLsn} its CHECKPOINT_BEGIN (analysis starts there); {@code redoLsn} the smallest
 *   recLsn it recorded (redo starts there; {@code beginLsn} when no page was dirty).</li>
 *   <li>{@code crc}: CRC32C of the copy's bytes {@code [0, 60)}.</li>
 * </ul>
 *
 * <p>Why two copies: an update writes only the copy readers do not trust, then fsyncs; a crash
 * that tears it leaves the other copy, naming the previous checkpoint, whose records truncation
 * has kept. All fields little-endian. {@code ControlFileDescriptorTest} pins the offsets.
 */
public final class ControlFileDescriptor {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("version"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("copyLength"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("sequence"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("checkpointLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("beginLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("redoLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("writtenMillis"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("reserved"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"))
        .withName("TxnControlCopy");

    public static final int COPY_LENGTH = (int)LAYOUT.byteSize();
    public static final int COPIES = 2;
    public static final int FILE_LENGTH = COPIES * COPY_LENGTH;
    /** "MMWALTXC" read as a little-endian long. */
    public static final long MAGIC = 0x4358_544C_4157_4D4DL;
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "txn.control";

    public static final int MAGIC_OFFSET = offsetOf("magic");
    public static final int VERSION_OFFSET = offsetOf("version");
    public static final int COPY_LENGTH_OFFSET = offsetOf("copyLength");
    public static final int SEQUENCE_OFFSET = offsetOf("sequence");
    public static final int CHECKPOINT_LSN_OFFSET = offsetOf("checkpointLsn");
    public static final int BEGIN_LSN_OFFSET = offsetOf("beginLsn");
    public static final int REDO_LSN_OFFSET = offsetOf("redoLsn");
    public static final int WRITTEN_MILLIS_OFFSET = offsetOf("writtenMillis");
    public static final int CRC_OFFSET = offsetOf("crc");

    private static final VarHandle MAGIC_VH = handle("magic");
    private static final VarHandle VERSION = handle("version");
    private static final VarHandle COPY_LENGTH_VH = handle("copyLength");
    private static final VarHandle SEQUENCE = handle("sequence");
    private static final VarHandle CHECKPOINT_LSN = handle("checkpointLsn");
    private static final VarHandle BEGIN_LSN = handle("beginLsn");
    private static final VarHandle REDO_LSN = handle("redoLsn");
    private static final VarHandle WRITTEN_MILLIS = handle("writtenMillis");
    private static final VarHandle CRC = handle("crc");

    private ControlFileDescriptor() {
    }

    /** Offset of copy {@code index} (0 or 1) in the file. */
    public static long copyOffset(final int index) {
        return (long)index * COPY_LENGTH;
    }

    /** Fills one whole copy at {@code copy} (magic, version and CRC included). */
    public static void write(final MemorySegment buffer, final long copy, final long sequence, final long checkpointLsn,
                             final long beginLsn, final long redoLsn, final long writtenMillis) {
        MAGIC_VH.set(buffer, copy, MAGIC);
        VERSION.set(buffer, copy, FORMAT_VERSION);
        COPY_LENGTH_VH.set(buffer, copy, COPY_LENGTH);
        SEQUENCE.set(buffer, copy, sequence);
        CHECKPOINT_LSN.set(buffer, copy, checkpointLsn);
        BEGIN_LSN.set(buffer, copy, beginLsn);
        REDO_LSN.set(buffer, copy, redoLsn);
        WRITTEN_MILLIS.set(buffer, copy, writtenMillis);
        CRC.set(buffer, copy, computeCrc(buffer, copy));
    }

    /** True when the copy at {@code copy} has the magic, this version, its length and a matching CRC. */
    public static boolean isValid(final MemorySegment buffer, final long copy) {
        return (long)MAGIC_VH.get(buffer, copy) == MAGIC && (int)VERSION.get(buffer, copy) == FORMAT_VERSION
            && (int)COPY_LENGTH_VH.get(buffer, copy) == COPY_LENGTH && (int)CRC.get(buffer, copy) == computeCrc(buffer, copy);
    }

    /** The CRC a copy should carry: CRC32C of its bytes {@code [0, crc)}. */
    public static int computeCrc(final MemorySegment buffer, final long copy) {
        return Checksums.crc32c(buffer, copy, CRC_OFFSET);
    }

    public static long magic(final MemorySegment buffer, final long copy) {
        return (long)MAGIC_VH.get(buffer, copy);
    }

    public static int version(final MemorySegment buffer, final long copy) {
        return (int)VERSION.get(buffer, copy);
    }

    public static long sequence(final MemorySegment buffer, final long copy) {
        return (long)SEQUENCE.get(buffer, copy);
    }

    public static long checkpointLsn(final MemorySegment buffer, final long copy) {
        return (long)CHECKPOINT_LSN.get(buffer, copy);
    }

    public static long beginLsn(final MemorySegment buffer, final long copy) {
        return (long)BEGIN_LSN.get(buffer, copy);
    }

    public static long redoLsn(final MemorySegment buffer, final long copy) {
        return (long)REDO_LSN.get(buffer, copy);
    }

    public static long writtenMillis(final MemorySegment buffer, final long copy) {
        return (long)WRITTEN_MILLIS.get(buffer, copy);
    }

    private static int offsetOf(final String name) {
        return (int)LAYOUT.byteOffset(groupElement(name));
    }

    private static VarHandle handle(final String name) {
        return LAYOUT.varHandle(groupElement(name));
    }
}

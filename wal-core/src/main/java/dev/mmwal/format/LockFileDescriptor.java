package dev.mmwal.format;

import dev.mmwal.io.CacheEpoch;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The content of a log's lock file ({@code mmwal.lock}): the page-cache epoch of the writer that
 * holds, or last held, the log (see {@link CacheEpoch}). The writer records it once per open,
 * after recovery, and syncs it. Recovery reads the previous one first: equal to the epoch now
 * means only a process crash can lie between, so every published record is still visible.
 *
 * <pre>
 *   0                               8               12              16
 *   +-------------------------------+---------------+---------------+
 *   | magic "MMWLOCK1"              | version       | crc           |
 *   +-------------------------------+---------------+---------------+
 *  16                              24                              32
 *   | bootIdHigh                    | bootIdLow                     |
 *   +-------------------------------+-------------------------------+
 *  32                              40                              48
 *   | mountId                       | device                        |
 *   +-------------------------------+-------------------------------+
 *  48                              56
 *   | inode                         |
 *   +-------------------------------+
 * </pre>
 * Little-endian. {@code crc}: CRC32C of bytes {@code [16, 56)}. A file that is shorter, has another
 * magic or version, or fails its CRC reads as {@link CacheEpoch#UNKNOWN}: the safe answer, never an
 * error (the lock file of a format-2 log is empty). {@code LockFileDescriptorTest} pins the offsets.
 */
public final class LockFileDescriptor {
    /** The lock file's memory layout: field names, sizes and little-endian byte order. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("version"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("bootIdHigh"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("bootIdLow"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("mountId"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("device"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("inode"))
        .withName("LockFile");

    /** Bytes the layout occupies at the start of the lock file. */
    public static final int LENGTH = (int)LAYOUT.byteSize();
    /** "MMWLOCK1" read as a little-endian long. */
    public static final long MAGIC = 0x314B_434F_4C57_4D4DL;
    /** The layout version this software writes and reads. */
    public static final int VERSION = 1;
    /** Offset of {@code crc}. */
    public static final int CRC_OFFSET = offsetOf("crc");
    /** First byte the CRC covers: the epoch's fields, to the end of the layout. */
    public static final int CRC_COVERAGE_START = offsetOf("bootIdHigh");

    private static final VarHandle MAGIC_VH = handle("magic");
    private static final VarHandle VERSION_VH = handle("version");
    private static final VarHandle CRC = handle("crc");
    private static final VarHandle BOOT_ID_HIGH = handle("bootIdHigh");
    private static final VarHandle BOOT_ID_LOW = handle("bootIdLow");
    private static final VarHandle MOUNT_ID = handle("mountId");
    private static final VarHandle DEVICE = handle("device");
    private static final VarHandle INODE = handle("inode");

    private LockFileDescriptor() {
    }

    /**
     * Writes {@code epoch} with magic, version and CRC into the first {@link #LENGTH} bytes of {@code memory}.
     *
     * @param memory the lock file's bytes; at least {@link #LENGTH} long.
     * @param epoch  the epoch to record.
     */
    public static void write(final MemorySegment memory, final CacheEpoch epoch) {
        MAGIC_VH.set(memory, 0L, MAGIC);
        VERSION_VH.set(memory, 0L, VERSION);
        BOOT_ID_HIGH.set(memory, 0L, epoch.bootIdHigh());
        BOOT_ID_LOW.set(memory, 0L, epoch.bootIdLow());
        MOUNT_ID.set(memory, 0L, epoch.mountId());
        DEVICE.set(memory, 0L, epoch.device());
        INODE.set(memory, 0L, epoch.inode());
        CRC.set(memory, 0L, computeCrc(memory));
    }

    /**
     * The epoch recorded in {@code memory}.
     *
     * @param memory the lock file's bytes; may be shorter than {@link #LENGTH}.
     * @return the epoch, or {@link CacheEpoch#UNKNOWN} when it holds none that is whole.
     */
    public static CacheEpoch read(final MemorySegment memory) {
        if (memory.byteSize() < LENGTH || (long)MAGIC_VH.get(memory, 0L) != MAGIC || (int)VERSION_VH.get(memory, 0L) != VERSION
            || (int)CRC.get(memory, 0L) != computeCrc(memory)) {
            return CacheEpoch.UNKNOWN;
        }
        return new CacheEpoch((long)BOOT_ID_HIGH.get(memory, 0L), (long)BOOT_ID_LOW.get(memory, 0L), (long)MOUNT_ID.get(memory, 0L),
            (long)DEVICE.get(memory, 0L), (long)INODE.get(memory, 0L));
    }

    private static int computeCrc(final MemorySegment memory) {
        return Checksums.crc32c(memory, CRC_COVERAGE_START, LENGTH - CRC_COVERAGE_START);
    }

    private static int offsetOf(final String name) {
        return (int)LAYOUT.byteOffset(groupElement(name));
    }

    private static VarHandle handle(final String name) {
        return LAYOUT.varHandle(groupElement(name));
    }
}

package dev.mmwal.kv.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The 32-byte header of the page file ({@code pages.db}) and of its identity twin {@code kv.meta};
 * the page file's header occupies its whole first page, page {@code n} starts at
 * {@code (n + 1) * pageSize}.
 *
 * <pre>
 *   0       4       8               16      20      24      28      32
 *   +-------+-------+---------------+-------+-------+-------+-------+
 *   | magic |version| storeId       |pageSz |maxKey |maxVal | crc   |
 *   +-------+-------+---------------+-------+-------+-------+-------+
 * </pre>
 *
 * <ul>
 *   <li>{@code magic} (u32): {@link #MAGIC} ("KVPF").</li>
 *   <li>{@code version} (u32): {@link #VERSION}; another version is refused.</li>
 *   <li>{@code storeId} (i64): random at creation; {@code kv.meta}, the page file and every page
 *   must agree, so a page file copied from another store is refused.</li>
 *   <li>{@code pageSize}, {@code maxKeySize}, {@code maxValueSize} (u32): the store's geometry,
 *   fixed at creation.</li>
 *   <li>{@code crc} (u32): CRC32C of bytes {@code [0, 28)}.</li>
 * </ul>
 * {@code DescriptorLayoutTest} pins every offset.
 */
public final class PageFileDescriptor {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("version"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("storeId"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("pageSize"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("maxKeySize"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("maxValueSize"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"))
        .withName("PageFileHeader");

    public static final int MAGIC = 0x4650564B; // "KVPF" little-endian
    public static final int VERSION = 1;
    public static final int LENGTH = Bytes.sizeOf(LAYOUT);
    public static final int MAGIC_OFFSET = Bytes.offsetOf(LAYOUT, "magic");
    public static final int VERSION_OFFSET = Bytes.offsetOf(LAYOUT, "version");
    public static final int STORE_ID_OFFSET = Bytes.offsetOf(LAYOUT, "storeId");
    public static final int PAGE_SIZE_OFFSET = Bytes.offsetOf(LAYOUT, "pageSize");
    public static final int MAX_KEY_OFFSET = Bytes.offsetOf(LAYOUT, "maxKeySize");
    public static final int MAX_VALUE_OFFSET = Bytes.offsetOf(LAYOUT, "maxValueSize");
    public static final int CRC_OFFSET = Bytes.offsetOf(LAYOUT, "crc");

    private PageFileDescriptor() {
    }

    /** A sealed header. */
    public static byte[] encode(final long storeId, final int pageSize, final int maxKeySize, final int maxValueSize) {
        final byte[] header = new byte[LENGTH];
        Bytes.i32(header, MAGIC_OFFSET, MAGIC);
        Bytes.i32(header, VERSION_OFFSET, VERSION);
        Bytes.i64(header, STORE_ID_OFFSET, storeId);
        Bytes.i32(header, PAGE_SIZE_OFFSET, pageSize);
        Bytes.i32(header, MAX_KEY_OFFSET, maxKeySize);
        Bytes.i32(header, MAX_VALUE_OFFSET, maxValueSize);
        Bytes.i32(header, CRC_OFFSET, crc(header));
        return header;
    }

    public static int crc(final byte[] header) {
        final CRC32C crc = new CRC32C();
        crc.update(header, 0, CRC_OFFSET);
        return (int)crc.getValue();
    }

    public static int magic(final byte[] header) {
        return Bytes.i32(header, MAGIC_OFFSET);
    }

    public static int version(final byte[] header) {
        return Bytes.i32(header, VERSION_OFFSET);
    }

    public static long storeId(final byte[] header) {
        return Bytes.i64(header, STORE_ID_OFFSET);
    }

    public static int pageSize(final byte[] header) {
        return Bytes.i32(header, PAGE_SIZE_OFFSET);
    }

    public static int maxKeySize(final byte[] header) {
        return Bytes.i32(header, MAX_KEY_OFFSET);
    }

    public static int maxValueSize(final byte[] header) {
        return Bytes.i32(header, MAX_VALUE_OFFSET);
    }

    public static int storedCrc(final byte[] header) {
        return Bytes.i32(header, CRC_OFFSET);
    }
}

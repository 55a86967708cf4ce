package dev.mmwal.kv.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The 32-byte header at the start of every page of the page file. In memory the header bytes of a
 * page are unused (the page LSN lives in a field); a checkpoint fills them in the copy it writes.
 *
 * <pre>
 *   0       4       8               16              24              32
 *   +-------+-------+---------------+---------------+---------------+
 *   | magic | crc   | pageLsn       | pageId        | storeId       |  slots...
 *   +-------+-------+---------------+---------------+---------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code magic} (u32): {@link #MAGIC} ("KVPG"); 0 in a page never written (a hole).</li>
 *   <li>{@code crc} (u32): CRC32C of bytes {@code [8, pageSize)}: a torn write fails it.</li>
 *   <li>{@code pageLsn} (i64): the LSN of the last log record applied to the page.</li>
 *   <li>{@code pageId} (i64): the page's own number; a page at the wrong place fails the check.</li>
 *   <li>{@code storeId} (i64): the store the page belongs to (the page file header's).</li>
 * </ul>
 * {@code DescriptorLayoutTest} pins every offset.
 */
public final class PageDescriptor {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("pageLsn"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("pageId"),
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withName("storeId"))
        .withName("PageHeader");

    public static final int MAGIC = 0x4750564B; // "KVPG" little-endian
    public static final int HEADER_LENGTH = Bytes.sizeOf(LAYOUT);
    public static final int MAGIC_OFFSET = Bytes.offsetOf(LAYOUT, "magic");
    public static final int CRC_OFFSET = Bytes.offsetOf(LAYOUT, "crc");
    public static final int PAGE_LSN_OFFSET = Bytes.offsetOf(LAYOUT, "pageLsn");
    public static final int PAGE_ID_OFFSET = Bytes.offsetOf(LAYOUT, "pageId");
    public static final int STORE_ID_OFFSET = Bytes.offsetOf(LAYOUT, "storeId");
    /** The first byte the CRC covers. */
    public static final int CRC_COVERAGE_START = PAGE_LSN_OFFSET;

    private PageDescriptor() {
    }

    /** Fills the header of {@code page} (a copy about to be written) and its CRC. */
    public static void seal(final byte[] page, final long pageId, final long pageLsn, final long storeId) {
        Bytes.i32(page, MAGIC_OFFSET, MAGIC);
        Bytes.i64(page, PAGE_LSN_OFFSET, pageLsn);
        Bytes.i64(page, PAGE_ID_OFFSET, pageId);
        Bytes.i64(page, STORE_ID_OFFSET, storeId);
        Bytes.i32(page, CRC_OFFSET, crc(page));
    }

    public static int crc(final byte[] page) {
        final CRC32C crc = new CRC32C();
        crc.update(page, CRC_COVERAGE_START, page.length - CRC_COVERAGE_START);
        return (int)crc.getValue();
    }

    public static int magic(final byte[] page) {
        return Bytes.i32(page, MAGIC_OFFSET);
    }

    public static int storedCrc(final byte[] page) {
        return Bytes.i32(page, CRC_OFFSET);
    }

    public static long pageLsn(final byte[] page) {
        return Bytes.i64(page, PAGE_LSN_OFFSET);
    }

    public static long pageId(final byte[] page) {
        return Bytes.i64(page, PAGE_ID_OFFSET);
    }

    public static long storeId(final byte[] page) {
        return Bytes.i64(page, STORE_ID_OFFSET);
    }
}

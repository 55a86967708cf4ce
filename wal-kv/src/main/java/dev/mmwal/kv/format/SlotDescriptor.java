package dev.mmwal.kv.format;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One row's slot in a page. Slots have a fixed size per store ({@link #slotSize(int, int)}), so a
 * row never moves inside its page: an UPDATE's before image, logged at the slot's byte offset,
 * stays valid for physical undo however other rows of the page change.
 *
 * <pre>
 *   0   1   2       4       6       8                 8+maxKey               slotSize
 *   +---+---+-------+-------+-------+-----------------+----------------------+
 *   |use|res|tableId|keyLen |valLen | key (maxKey)    | value (maxValue)     |
 *   +---+---+-------+-------+-------+-----------------+----------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code used} (u8): 1 for a live row, 0 for a free slot (a delete writes 0 and keeps the
 *   rest, so its undo only restores this header).</li>
 *   <li>{@code tableId} (u16): the table the row belongs to (0: the catalog).</li>
 *   <li>{@code keyLength}, {@code valueLength} (u16): used bytes of the two regions.</li>
 * </ul>
 * {@code DescriptorLayoutTest} pins every offset.
 */
public final class SlotDescriptor {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_BYTE.withName("used"),
        ValueLayout.JAVA_BYTE.withName("reserved"),
        ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("tableId"),
        ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("keyLength"),
        ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("valueLength"))
        .withName("SlotHeader");

    public static final int HEADER_LENGTH = Bytes.sizeOf(LAYOUT);
    public static final int USED_OFFSET = Bytes.offsetOf(LAYOUT, "used");
    public static final int TABLE_ID_OFFSET = Bytes.offsetOf(LAYOUT, "tableId");
    public static final int KEY_LENGTH_OFFSET = Bytes.offsetOf(LAYOUT, "keyLength");
    public static final int VALUE_LENGTH_OFFSET = Bytes.offsetOf(LAYOUT, "valueLength");
    public static final int KEY_OFFSET = HEADER_LENGTH;

    private SlotDescriptor() {
    }

    /** The slot size for the given limits: header, both regions, rounded up to 8 bytes. */
    public static int slotSize(final int maxKeySize, final int maxValueSize) {
        return (HEADER_LENGTH + maxKeySize + maxValueSize + 7) & ~7;
    }

    public static boolean used(final byte[] page, final int slot) {
        return page[slot + USED_OFFSET] != 0;
    }

    public static int tableId(final byte[] page, final int slot) {
        return Bytes.u16(page, slot + TABLE_ID_OFFSET);
    }

    public static int keyLength(final byte[] page, final int slot) {
        return Bytes.u16(page, slot + KEY_LENGTH_OFFSET);
    }

    public static int valueLength(final byte[] page, final int slot) {
        return Bytes.u16(page, slot + VALUE_LENGTH_OFFSET);
    }

    /** Writes a live slot header into {@code image} at 0. */
    public static void header(final byte[] image, final int tableId, final int keyLength, final int valueLength) {
        image[USED_OFFSET] = 1;
        image[USED_OFFSET + 1] = 0;
        Bytes.u16(image, TABLE_ID_OFFSET, tableId);
        Bytes.u16(image, KEY_LENGTH_OFFSET, keyLength);
        Bytes.u16(image, VALUE_LENGTH_OFFSET, valueLength);
    }
}

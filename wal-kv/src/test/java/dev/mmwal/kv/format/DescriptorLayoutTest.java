package dev.mmwal.kv.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DescriptorLayoutTest {
    @Test
    void shouldPinThePageHeaderWhenDrawn() {
        assertEquals(0, PageDescriptor.MAGIC_OFFSET);
        assertEquals(4, PageDescriptor.CRC_OFFSET);
        assertEquals(8, PageDescriptor.PAGE_LSN_OFFSET);
        assertEquals(16, PageDescriptor.PAGE_ID_OFFSET);
        assertEquals(24, PageDescriptor.STORE_ID_OFFSET);
        assertEquals(32, PageDescriptor.HEADER_LENGTH);
    }

    @Test
    void shouldPinTheSlotHeaderWhenDrawn() {
        assertEquals(0, SlotDescriptor.USED_OFFSET);
        assertEquals(2, SlotDescriptor.TABLE_ID_OFFSET);
        assertEquals(4, SlotDescriptor.KEY_LENGTH_OFFSET);
        assertEquals(6, SlotDescriptor.VALUE_LENGTH_OFFSET);
        assertEquals(8, SlotDescriptor.HEADER_LENGTH);
        assertEquals(256, SlotDescriptor.slotSize(64, 184));
        assertEquals(48, SlotDescriptor.slotSize(16, 24));
    }

    @Test
    void shouldPinThePageFileHeaderWhenDrawn() {
        assertEquals(0, PageFileDescriptor.MAGIC_OFFSET);
        assertEquals(4, PageFileDescriptor.VERSION_OFFSET);
        assertEquals(8, PageFileDescriptor.STORE_ID_OFFSET);
        assertEquals(16, PageFileDescriptor.PAGE_SIZE_OFFSET);
        assertEquals(20, PageFileDescriptor.MAX_KEY_OFFSET);
        assertEquals(24, PageFileDescriptor.MAX_VALUE_OFFSET);
        assertEquals(28, PageFileDescriptor.CRC_OFFSET);
        assertEquals(32, PageFileDescriptor.LENGTH);
    }

    @Test
    void shouldDetectATornPageWhenItsChecksumFails() {
        final byte[] page = new byte[1024];
        page[100] = 7;
        PageDescriptor.seal(page, 3, 4096, 42);
        assertEquals(PageDescriptor.storedCrc(page), PageDescriptor.crc(page));
        page[900] = 1;
        org.junit.jupiter.api.Assertions.assertNotEquals(PageDescriptor.storedCrc(page), PageDescriptor.crc(page));
    }
}

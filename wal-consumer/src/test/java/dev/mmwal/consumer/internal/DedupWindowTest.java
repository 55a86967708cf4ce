package dev.mmwal.consumer.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupWindowTest {
    @Test
    void shouldAcceptOnlyIdsAboveTheMaxWhenThereIsNoWindow() {
        assertFalse(DedupWindow.isDuplicate(DedupWindow.NO_ID, 0, 0, 0));
        assertFalse(DedupWindow.isDuplicate(5, 1, 0, 6));
        assertTrue(DedupWindow.isDuplicate(5, 1, 0, 5));
        assertTrue(DedupWindow.isDuplicate(5, 1, 0, 4));
    }

    @Test
    void shouldAcceptUnseenLateIdsWhenInsideTheWindow() {
        long bits = DedupWindow.bitsAfterAccept(DedupWindow.NO_ID, 0, 10);
        assertEquals(1L, bits);
        bits = DedupWindow.bitsAfterAccept(10, bits, 13);           // ids 13 and 10 seen
        assertEquals(0b1001L, bits);
        assertTrue(DedupWindow.isDuplicate(13, bits, 4, 13));
        assertTrue(DedupWindow.isDuplicate(13, bits, 4, 10));
        assertFalse(DedupWindow.isDuplicate(13, bits, 4, 11));
        assertFalse(DedupWindow.isDuplicate(13, bits, 4, 12));
        assertTrue(DedupWindow.isDuplicate(13, bits, 4, 9));      // outside the window: too old to tell
        bits = DedupWindow.bitsAfterAccept(13, bits, 11);
        assertTrue(DedupWindow.isDuplicate(13, bits, 4, 11));
    }

    @Test
    void shouldForgetTheWindowWhenTheMaxJumpsFurtherThanTheBitmap() {
        assertEquals(1L, DedupWindow.bitsAfterAccept(5, -1L, 5 + 64));
        assertEquals(-1L << 1 | 1L, DedupWindow.bitsAfterAccept(5, -1L, 6));
    }
}

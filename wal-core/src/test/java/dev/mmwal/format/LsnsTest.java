package dev.mmwal.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LsnsTest {
    private static final long SIZE = 1L << 16;
    private static final int SHIFT = 16;

    @Test
    void shouldSplitLsnIntoSegmentAndOffsetWhenAcrossBoundaries() {
        assertEquals(0, Lsns.segmentIndex(SIZE - 1, SHIFT));
        assertEquals(1, Lsns.segmentIndex(SIZE, SHIFT));
        assertEquals(5, Lsns.segmentIndex(5 * SIZE + 100, SHIFT));
        assertEquals(100, Lsns.segmentOffset(5 * SIZE + 100, SIZE));
        assertEquals(5 * SIZE, Lsns.segmentBase(5 * SIZE + 100, SIZE));
        assertEquals(5 * SIZE + 128, Lsns.firstRecordLsn(5 * SIZE + 100, SIZE));
    }

    @Test
    void shouldSkipSegmentHeaderWhenPositionIsASegmentStart() {
        assertEquals(128, Lsns.nextRecordStart(0, SIZE));
        assertEquals(SIZE + 128, Lsns.nextRecordStart(SIZE, SIZE));
    }

    @Test
    void shouldRollWhenNoHeaderFitsBeforeSegmentEnd() {
        assertEquals(SIZE + 128, Lsns.nextRecordStart(SIZE - 40, SIZE));
        assertEquals(SIZE + 128, Lsns.nextRecordStart(SIZE - 8, SIZE));
        assertEquals(SIZE - 48, Lsns.nextRecordStart(SIZE - 48, SIZE));
        assertEquals(1000, Lsns.nextRecordStart(1000, SIZE));
    }

    @Test
    void shouldLeaveRoomForBothHeadersWhenComputingMaxPayload() {
        assertEquals(SIZE - 128 - 48, Lsns.maxPayloadLength(SIZE));
    }
}

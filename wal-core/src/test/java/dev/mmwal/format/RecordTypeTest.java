package dev.mmwal.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The format-3 type ranges: every code but 0 readable, names round-trip, what applications may write. */
class RecordTypeTest {
    @Test
    void shouldNameEveryCodeByItsRangeAndParseTheNameBack() {
        for (int code = 1; code <= 0xFF; code++) {
            final byte type = (byte)code;
            assertEquals(code < 0x0B || code > 0x0F, RecordType.isValid(type), "code " + code);
            assertEquals(type, RecordType.parse(RecordType.name(type)), RecordType.name(type));
        }
        assertEquals("DATA", RecordType.name(RecordType.DATA));
        assertEquals("PADDING", RecordType.name(RecordType.PADDING));
        assertEquals("CORE(0x03)", RecordType.name((byte)3));
        assertEquals("TXN(0x12)", RecordType.name((byte)0x12));
        assertEquals("APP(0xFF)", RecordType.name((byte)0xFF));
        assertFalse(RecordType.isValid((byte)0));
    }

    @Test
    void shouldLetApplicationsWriteDataAndTheUpperRangesOnly() {
        for (int code = 1; code <= 0xFF; code++) {
            final byte type = (byte)code;
            assertEquals(code == RecordType.DATA || code >= RecordType.TXN_FIRST, RecordType.isWritable(type), "code " + code);
            assertEquals(code >= RecordType.TXN_FIRST && code <= RecordType.TXN_LAST, RecordType.isTransaction(type), "code " + code);
            assertEquals(code >= RecordType.APPLICATION_FIRST, RecordType.isApplication(type), "code " + code);
        }
    }

    @Test
    void shouldRefuseNamesThatAreNoCode() {
        assertThrows(IllegalArgumentException.class, () -> RecordType.parse("UPDATE"));
        assertThrows(IllegalArgumentException.class, () -> RecordType.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> RecordType.parse("256"));
        assertEquals((byte)0x41, RecordType.parse("0x41"));
        assertEquals((byte)65, RecordType.parse("65"));
    }
}

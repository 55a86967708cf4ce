package dev.mmwal.internal;

import dev.mmwal.format.Checksums;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;

import java.lang.foreign.MemorySegment;

/**
 * Decides whether the bytes at a position are a complete, valid record. Used by recovery, readers
 * and the verify tool, so all three agree on what a valid record is.
 */
public final class RecordValidator {
    public static final int NOT_WRITTEN = -1;
    public static final int BAD_LENGTH = -2;
    public static final int BAD_LSN = -3;
    public static final int BAD_TYPE = -4;
    public static final int BAD_CRC = -5;

    private RecordValidator() {
    }

    /**
     * @param memory        the mapped segment.
     * @param offset        the record's offset in the segment.
     * @param expectedLsn   the LSN the record must carry (its position).
     * @return the frame length when the record is valid, else one of the negative codes.
     */
    public static int check(final MemorySegment memory, final long offset, final long expectedLsn) {
        final int frameLength = RecordDescriptor.frameLengthAcquire(memory, offset);
        if (frameLength == 0) {
            return NOT_WRITTEN;
        }
        if (frameLength < RecordDescriptor.HEADER_LENGTH || frameLength > memory.byteSize() - offset) {
            return BAD_LENGTH;
        }
        if (RecordDescriptor.lsn(memory, offset) != expectedLsn) {
            return BAD_LSN;
        }
        final byte type = RecordDescriptor.type(memory, offset);
        if (!RecordType.isValid(type)) {
            return BAD_TYPE;
        }
        if (Checksums.recordCrc(memory, offset, type, frameLength) != RecordDescriptor.crc(memory, offset)) {
            return BAD_CRC;
        }
        return frameLength;
    }

    public static String describe(final int code) {
        return switch (code) {
            case NOT_WRITTEN -> "not written (frame length 0)";
            case BAD_LENGTH -> "frame length out of bounds";
            case BAD_LSN -> "lsn is not the record's position";
            case BAD_TYPE -> "record type no format version defines (0, or 0x0B..0x0F)";
            case BAD_CRC -> "CRC mismatch";
            default -> code > 0 ? "valid" : "unknown code " + code;
        };
    }
}

package dev.mmwal.inspect;

import dev.mmwal.format.Checksums;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.internal.log.RecordValidator;

import java.lang.foreign.MemorySegment;

/**
 * Whether the bytes at a position are a valid record, by the one rule readers and recovery apply
 * (this class only delegates to it, so a tool can never disagree with the library), and what each
 * answer means. A check returns the frame length (positive) when the record is valid, else one of
 * the negative codes below.
 *
 * <p>Stateless; safe from any thread.
 */
public final class RecordValidation {
    /** Frame length 0: nothing published here (the normal end of a log, or a reservation never committed). */
    public static final int NOT_WRITTEN = RecordValidator.NOT_WRITTEN;
    /** Frame length shorter than a header or longer than the room left in the segment. */
    public static final int BAD_LENGTH = RecordValidator.BAD_LENGTH;
    /** The {@code lsn} field is not the record's position: stale or misplaced bytes. */
    public static final int BAD_LSN = RecordValidator.BAD_LSN;
    /** A type code no format version defines (0, or a reserved core code). */
    public static final int BAD_TYPE = RecordValidator.BAD_TYPE;
    /** The stored CRC32C does not match the bytes. */
    public static final int BAD_CRC = RecordValidator.BAD_CRC;

    private RecordValidation() {
    }

    /**
     * Checks the record that should start at {@code lsn} in {@code segment}.
     *
     * @param segment a segment of the log being inspected.
     * @param lsn     the position to check; must lie in {@code segment} with room for a record header.
     * @return the frame length when valid, else a negative code of this class.
     * @throws IllegalArgumentException when {@code lsn} has no room for a header in the segment.
     */
    public static int check(final SegmentView segment, final long lsn) {
        return RecordValidator.check(segment.memory(), offsetOf(segment, lsn), lsn);
    }

    /**
     * Checks the bytes at {@code offset} of any mapping or buffer holding a segment's bytes (a
     * fuzzer's input, a copy), against the LSN the record there must carry.
     *
     * @param memory      the segment's bytes; the record header must fit at {@code offset}.
     * @param offset      where the record starts in {@code memory}.
     * @param expectedLsn the record's position in the log.
     * @return the frame length when valid, else a negative code of this class.
     */
    public static int check(final MemorySegment memory, final long offset, final long expectedLsn) {
        return RecordValidator.check(memory, offset, expectedLsn);
    }

    /**
     * Whether a {@link #check} result means a valid record.
     *
     * @param code a {@link #check} result.
     * @return true when {@code code} is a frame length (positive).
     */
    public static boolean isValid(final int code) {
        return code > 0;
    }

    /**
     * A short description of a {@link #check} result.
     *
     * @param code a {@link #check} result.
     * @return a description such as {@code "CRC mismatch"} or {@code "valid"}.
     */
    public static String describe(final int code) {
        return RecordValidator.describe(code);
    }

    /**
     * The description of a failed {@link #check} with the values found, for a report:
     * {@code "CRC mismatch: stored=0x1a2b3c4d, computed=0x..., type=UPDATE, frameLength=148"}.
     *
     * @param segment the segment checked.
     * @param lsn     the position checked.
     * @param code    the {@link #check} result for it.
     * @return the explanation; just {@link #describe} for codes that carry no values.
     * @throws IllegalArgumentException when {@code lsn} has no room for a header in the segment.
     */
    public static String explain(final SegmentView segment, final long lsn, final int code) {
        final MemorySegment memory = segment.memory();
        final long offset = offsetOf(segment, lsn);
        final String what = describe(code);
        final int frameLength = RecordDescriptor.frameLength(memory, offset);
        final byte type = RecordDescriptor.type(memory, offset);
        return switch (code) {
            case BAD_LENGTH -> what + ": frameLength=" + frameLength + ", room=" + (memory.byteSize() - offset)
                + ", minimum=" + RecordDescriptor.HEADER_LENGTH;
            case BAD_LSN -> what + ": found=" + RecordDescriptor.lsn(memory, offset) + ", expected=" + lsn;
            case BAD_TYPE -> what + ": type=" + Byte.toUnsignedInt(type);
            case BAD_CRC -> what + ": stored=0x" + Integer.toHexString(RecordDescriptor.crc(memory, offset))
                + ", computed=0x" + Integer.toHexString(Checksums.recordCrc(memory, offset, type, frameLength))
                + ", type=" + RecordType.name(type) + ", frameLength=" + frameLength;
            default -> what;
        };
    }

    private static long offsetOf(final SegmentView segment, final long lsn) {
        final long offset = lsn - segment.baseLsn();
        if (offset < 0 || offset + RecordDescriptor.HEADER_LENGTH > segment.memory().byteSize()) {
            throw new IllegalArgumentException("no room for a record header at this LSN in the segment: file=" + segment.fileName()
                + ", lsn=" + lsn + ", baseLsn=" + segment.baseLsn() + ", size=" + segment.memory().byteSize());
        }
        return offset;
    }
}

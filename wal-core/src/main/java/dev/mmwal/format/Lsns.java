package dev.mmwal.format;

/**
 * LSN arithmetic. An LSN is a byte position in the logical log: segment {@code i} covers LSNs
 * {@code [i << shift, (i + 1) << shift)}, and its first {@link SegmentDescriptor#HEADER_LENGTH}
 * bytes are the segment header, so the first record of a segment is at
 * {@code base + HEADER_LENGTH}. Finding a record by LSN is two shifts and a mask.
 *
 * <p>A segment's tail that is too short for a record header ({@code < 48} bytes) is implicitly
 * padding; longer gaps carry an explicit {@link RecordType#PADDING} record.
 */
public final class Lsns {
    private Lsns() {
    }

    /**
     * The index of the segment that contains {@code lsn}.
     *
     * @param lsn          an LSN.
     * @param segmentShift log2 of the segment size.
     * @return {@code lsn} divided by the segment size.
     */
    public static long segmentIndex(final long lsn, final int segmentShift) {
        return lsn >>> segmentShift;
    }

    /**
     * The offset of {@code lsn} within its segment.
     *
     * @param lsn         an LSN.
     * @param segmentSize the segment size in bytes, a power of two.
     * @return the byte offset in the segment file.
     */
    public static long segmentOffset(final long lsn, final long segmentSize) {
        return lsn & (segmentSize - 1);
    }

    /**
     * The base LSN of the segment that contains {@code lsn}.
     *
     * @param lsn         an LSN.
     * @param segmentSize the segment size in bytes, a power of two.
     * @return {@code lsn} rounded down to a multiple of the segment size.
     */
    public static long segmentBase(final long lsn, final long segmentSize) {
        return lsn & -segmentSize;
    }

    /**
     * The LSN of the first record of the segment that contains {@code lsn}.
     *
     * @param lsn         an LSN.
     * @param segmentSize the segment size in bytes, a power of two.
     * @return the segment's base LSN plus its header length.
     */
    public static long firstRecordLsn(final long lsn, final long segmentSize) {
        return segmentBase(lsn, segmentSize) + SegmentDescriptor.HEADER_LENGTH;
    }

    /**
     * Where the next record can start given the end {@code position} of the previous one: the same
     * place, or the first record of the next segment when no header fits before the segment end.
     * A position at a segment's very start gives that segment's first record.
     *
     * @param position    the end of the previous record (aligned).
     * @param segmentSize the segment size in bytes, a power of two.
     * @return the LSN where the next record starts.
     */
    public static long nextRecordStart(final long position, final long segmentSize) {
        final long offset = position & (segmentSize - 1);
        if (offset == 0) {
            return position + SegmentDescriptor.HEADER_LENGTH;
        }
        if (segmentSize - offset < RecordDescriptor.HEADER_LENGTH) {
            return segmentBase(position, segmentSize) + segmentSize + SegmentDescriptor.HEADER_LENGTH;
        }
        return position;
    }

    /**
     * The largest payload one record can carry in a segment of this size.
     *
     * @param segmentSize the segment size in bytes.
     * @return the maximum payload length in bytes.
     */
    public static int maxPayloadLength(final long segmentSize) {
        final long space = segmentSize - SegmentDescriptor.HEADER_LENGTH - RecordDescriptor.HEADER_LENGTH;
        return (int)Math.min(space & -RecordDescriptor.ALIGNMENT, Integer.MAX_VALUE - 64);
    }
}

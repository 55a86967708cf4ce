package dev.mmwal.inspect;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A reusable view of one valid record in a mapped segment: every header field, the payload, the
 * type's name. A {@link LogWalker} fills one instance and hands it to each callback; it is valid
 * until the next callback. Reading a field allocates nothing; {@link #payloadBytes()} copies.
 * Single-threaded.
 */
public final class RecordView {
    private SegmentView segment;
    private long offset;
    private int frameLength;

    /** An empty view; {@link #wrap} points it at a record. */
    public RecordView() {
    }

    /**
     * Points this view at the record at {@code lsn} of {@code segment}, which must be valid
     * ({@link RecordValidation#check} returned {@code frameLength}).
     *
     * @param segment     the segment holding the record.
     * @param lsn         the record's LSN.
     * @param frameLength the frame length {@link RecordValidation#check} returned.
     * @return this view.
     * @throws IllegalArgumentException when {@code frameLength} is shorter than a header or the
     *                                  record does not lie within the segment.
     */
    public RecordView wrap(final SegmentView segment, final long lsn, final int frameLength) {
        final long at = lsn - segment.baseLsn();
        if (frameLength < RecordDescriptor.HEADER_LENGTH || at < 0 || at + frameLength > segment.memory().byteSize()) {
            throw new IllegalArgumentException("not a record in this segment: file=" + segment.fileName() + ", lsn=" + lsn
                + ", frameLength=" + frameLength);
        }
        this.segment = segment;
        this.offset = at;
        this.frameLength = frameLength;
        return this;
    }

    /** {@return the segment holding the record} */
    public SegmentView segment() {
        return segment;
    }

    /** {@return the record's byte offset in its segment file} */
    public long offset() {
        return offset;
    }

    /** {@return the record's LSN: its position in the log} */
    public long lsn() {
        return RecordDescriptor.lsn(segment.memory(), offset);
    }

    /** {@return the type code ({@link RecordType})} */
    public byte type() {
        return RecordDescriptor.type(segment.memory(), offset);
    }

    /** {@return the type's name, as {@link RecordType#name(byte)} prints it} */
    public String typeName() {
        return RecordType.name(type());
    }

    /** {@return whether this is padding (a segment's filler or an aborted claim), which readers skip} */
    public boolean isPadding() {
        return type() == RecordType.PADDING;
    }

    /** {@return the header field {@code txnId}} */
    public long txnId() {
        return RecordDescriptor.txnId(segment.memory(), offset);
    }

    /** {@return the header field {@code prevLsn} (0 = none)} */
    public long prevLsn() {
        return RecordDescriptor.prevLsn(segment.memory(), offset);
    }

    /** {@return the header field {@code pageId}} */
    public long pageId() {
        return RecordDescriptor.pageId(segment.memory(), offset);
    }

    /** {@return the header field {@code flags}, unsigned} */
    public int flags() {
        return Byte.toUnsignedInt(RecordDescriptor.flags(segment.memory(), offset));
    }

    /** {@return the header field {@code offset} (the offset in the page), unsigned} */
    public int pageOffset() {
        return RecordDescriptor.pageOffset(segment.memory(), offset);
    }

    /** {@return the header field {@code beforeLength}} */
    public int beforeLength() {
        return RecordDescriptor.beforeLength(segment.memory(), offset);
    }

    /** {@return the header field {@code crc}, as stored (it matched: only valid records are viewed)} */
    public int crc() {
        return RecordDescriptor.crc(segment.memory(), offset);
    }

    /** {@return the frame length: header plus payload bytes, unaligned} */
    public int frameLength() {
        return frameLength;
    }

    /** {@return the bytes the record occupies in the log (the frame rounded up to the alignment)} */
    public int alignedLength() {
        return RecordDescriptor.alignedLength(frameLength);
    }

    /** {@return the payload length in bytes; for padding, the filler after the header} */
    public int payloadLength() {
        return frameLength - RecordDescriptor.HEADER_LENGTH;
    }

    /** {@return the payload, read-only, in place in the mapping (no copy)} */
    public MemorySegment payload() {
        return segment.memory().asSlice(offset + RecordDescriptor.HEADER_LENGTH, payloadLength());
    }

    /** {@return a heap copy of the payload} */
    public byte[] payloadBytes() {
        return payload().toArray(ValueLayout.JAVA_BYTE);
    }
}

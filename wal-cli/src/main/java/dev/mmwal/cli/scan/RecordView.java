package dev.mmwal.cli.scan;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A view of one valid record in a mapped segment, filled by {@link LogScanner} and valid until its
 * next callback (the scanner reuses one instance).
 */
public final class RecordView {
    private SegmentInfo segment;
    private long offset;
    private int frameLength;

    void wrap(final SegmentInfo segment, final long offset, final int frameLength) {
        this.segment = segment;
        this.offset = offset;
        this.frameLength = frameLength;
    }

    public SegmentInfo segment() {
        return segment;
    }

    /** The record's byte offset in its segment file. */
    public long offset() {
        return offset;
    }

    public long lsn() {
        return RecordDescriptor.lsn(segment.memory(), offset);
    }

    public byte type() {
        return RecordDescriptor.type(segment.memory(), offset);
    }

    public String typeName() {
        return RecordType.name(type());
    }

    public boolean isPadding() {
        return type() == RecordType.PADDING;
    }

    public long txnId() {
        return RecordDescriptor.txnId(segment.memory(), offset);
    }

    public long prevLsn() {
        return RecordDescriptor.prevLsn(segment.memory(), offset);
    }

    public long pageId() {
        return RecordDescriptor.pageId(segment.memory(), offset);
    }

    public int flags() {
        return Byte.toUnsignedInt(RecordDescriptor.flags(segment.memory(), offset));
    }

    public int pageOffset() {
        return RecordDescriptor.pageOffset(segment.memory(), offset);
    }

    public int beforeLength() {
        return RecordDescriptor.beforeLength(segment.memory(), offset);
    }

    public int crc() {
        return RecordDescriptor.crc(segment.memory(), offset);
    }

    /** Header plus payload bytes, unaligned. */
    public int frameLength() {
        return frameLength;
    }

    /** Bytes the record occupies in the log (the frame rounded up to the alignment). */
    public int alignedLength() {
        return RecordDescriptor.alignedLength(frameLength);
    }

    /** Payload bytes; for padding, the filler after the header. */
    public int payloadLength() {
        return frameLength - RecordDescriptor.HEADER_LENGTH;
    }

    /** A heap copy of the payload. */
    public byte[] payloadBytes() {
        return segment.memory().asSlice(offset + RecordDescriptor.HEADER_LENGTH, payloadLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    public MemorySegment payload() {
        return segment.memory().asSlice(offset + RecordDescriptor.HEADER_LENGTH, payloadLength());
    }
}

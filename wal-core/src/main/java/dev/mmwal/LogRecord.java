package dev.mmwal;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;

import java.lang.foreign.MemorySegment;

/**
 * A zero-copy view of one record in the mapped log, filled by a reader and valid until the
 * reader's next call. Reuse one instance per reader: reading allocates nothing unless you call
 * {@link #payload()} (a slice view) or {@link #payloadBytes()} (a copy).
 */
public final class LogRecord {
    private MemorySegment memory;
    private long offset;
    private int frameLength;

    /** An empty view; a reader fills it. */
    public LogRecord() {
    }

    void wrap(final MemorySegment memory, final long offset, final int frameLength) {
        this.memory = memory;
        this.offset = offset;
        this.frameLength = frameLength;
    }

    public long lsn() {
        return RecordDescriptor.lsn(memory, offset);
    }

    public byte type() {
        return RecordDescriptor.type(memory, offset);
    }

    public String typeName() {
        return RecordType.name(type());
    }

    public long txnId() {
        return RecordDescriptor.txnId(memory, offset);
    }

    public long prevLsn() {
        return RecordDescriptor.prevLsn(memory, offset);
    }

    public long pageId() {
        return RecordDescriptor.pageId(memory, offset);
    }

    public byte flags() {
        return RecordDescriptor.flags(memory, offset);
    }

    public int pageOffset() {
        return RecordDescriptor.pageOffset(memory, offset);
    }

    public int beforeLength() {
        return RecordDescriptor.beforeLength(memory, offset);
    }

    public int crc() {
        return RecordDescriptor.crc(memory, offset);
    }

    public int frameLength() {
        return frameLength;
    }

    /** The LSN right after this record (its aligned end). */
    public long endLsn() {
        return lsn() + RecordDescriptor.alignedLength(frameLength);
    }

    public int payloadLength() {
        return frameLength - RecordDescriptor.HEADER_LENGTH;
    }

    /** The mapped segment the record lies in; the payload starts at {@link #payloadOffset()}. */
    public MemorySegment buffer() {
        return memory;
    }

    public long payloadOffset() {
        return offset + RecordDescriptor.HEADER_LENGTH;
    }

    /** A view over the payload (allocates the view object, not the bytes). */
    public MemorySegment payload() {
        return memory.asSlice(payloadOffset(), payloadLength());
    }

    /** A heap copy of the payload. */
    public byte[] payloadBytes() {
        return payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Override
    public String toString() {
        return "LogRecord{lsn=" + lsn() + ", type=" + typeName() + ", length=" + frameLength + ", txnId=" + txnId()
            + ", prevLsn=" + prevLsn() + ", pageId=" + pageId() + "}";
    }
}

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

    /**
     * The record's LSN: its byte position in the log.
     *
     * @return the LSN.
     */
    public long lsn() {
        return RecordDescriptor.lsn(memory, offset);
    }

    /**
     * The record type code ({@link RecordType}).
     *
     * @return the type byte.
     */
    public byte type() {
        return RecordDescriptor.type(memory, offset);
    }

    /**
     * The type as tools print it: {@code DATA}, {@code TXN(0x12)}, {@code APP(0x41)}.
     *
     * @return the type's name.
     */
    public String typeName() {
        return RecordType.name(type());
    }

    /**
     * The transaction id the writer set (0 outside transactions).
     *
     * @return the transaction id.
     */
    public long txnId() {
        return RecordDescriptor.txnId(memory, offset);
    }

    /**
     * The LSN of the same transaction's previous record (0: none).
     *
     * @return the previous record's LSN.
     */
    public long prevLsn() {
        return RecordDescriptor.prevLsn(memory, offset);
    }

    /**
     * The id of the page the record changes (0 when none).
     *
     * @return the page id.
     */
    public long pageId() {
        return RecordDescriptor.pageId(memory, offset);
    }

    /**
     * The header's flag byte.
     *
     * @return the flags.
     */
    public byte flags() {
        return RecordDescriptor.flags(memory, offset);
    }

    /**
     * The offset in the page the record changes.
     *
     * @return the offset in the page.
     */
    public int pageOffset() {
        return RecordDescriptor.pageOffset(memory, offset);
    }

    /**
     * How many payload bytes, from its start, are the before image.
     *
     * @return the before-image length.
     */
    public int beforeLength() {
        return RecordDescriptor.beforeLength(memory, offset);
    }

    /**
     * The CRC32C stored in the header (already checked by the reader).
     *
     * @return the checksum.
     */
    public int crc() {
        return RecordDescriptor.crc(memory, offset);
    }

    /**
     * The header and payload length, without alignment.
     *
     * @return the frame length in bytes.
     */
    public int frameLength() {
        return frameLength;
    }

    /** {@return the LSN right after this record (its aligned end)} */
    public long endLsn() {
        return lsn() + RecordDescriptor.alignedLength(frameLength);
    }

    /**
     * The payload length.
     *
     * @return the number of payload bytes.
     */
    public int payloadLength() {
        return frameLength - RecordDescriptor.HEADER_LENGTH;
    }

    /** {@return the mapped segment the record lies in; the payload starts at {@link #payloadOffset()}} */
    public MemorySegment buffer() {
        return memory;
    }

    /**
     * Where the payload starts in {@link #buffer()}.
     *
     * @return the byte offset of the payload's first byte in the mapped segment.
     */
    public long payloadOffset() {
        return offset + RecordDescriptor.HEADER_LENGTH;
    }

    /** {@return a view over the payload (allocates the view object, not the bytes)} */
    public MemorySegment payload() {
        return memory.asSlice(payloadOffset(), payloadLength());
    }

    /** {@return a heap copy of the payload} */
    public byte[] payloadBytes() {
        return payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Override
    public String toString() {
        return "LogRecord{lsn=" + lsn() + ", type=" + typeName() + ", length=" + frameLength + ", txnId=" + txnId()
            + ", prevLsn=" + prevLsn() + ", pageId=" + pageId() + "}";
    }
}

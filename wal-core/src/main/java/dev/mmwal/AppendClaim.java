package dev.mmwal;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.internal.log.RecordWriter;

import java.lang.foreign.MemorySegment;

/**
 * A reusable flyweight over space reserved in the mapped log by {@link Wal#tryClaim(int, AppendClaim)}:
 * encode the payload straight into {@link #buffer()} at {@link #payloadOffset()}, optionally set
 * header fields, then {@link #commit()} or {@link #abort()} exactly once. An aborted claim becomes
 * a padding record, never a hole.
 *
 * <p>Single-threaded: one claim object per thread; reuse it for every append (no allocation).
 */
public final class AppendClaim {
    private MemorySegment memory;
    private long offset;
    private long lsn;
    private int frameLength;
    private byte type;
    private Wal owner;

    /** An unwrapped claim; {@link Wal#tryClaim(int, AppendClaim)} points it at reserved space. */
    public AppendClaim() {
    }

    void wrap(final Wal owner, final MemorySegment memory, final long offset, final long lsn, final int frameLength) {
        this.owner = owner;
        this.memory = memory;
        this.offset = offset;
        this.lsn = lsn;
        this.frameLength = frameLength;
        this.type = RecordType.DATA;
        RecordWriter.begin(memory, offset, lsn, RecordType.DATA, 0, 0, 0, (byte)0, 0, 0);
    }

    /** {@return the whole mapped segment; the payload is {@code [payloadOffset(), payloadOffset() + payloadLength())}} */
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

    /**
     * The payload length asked for in {@link Wal#tryClaim(int, AppendClaim)}.
     *
     * @return the number of payload bytes to encode.
     */
    public int payloadLength() {
        return frameLength - RecordDescriptor.HEADER_LENGTH;
    }

    /** {@return a slice over just the payload (allocates a view; use {@link #buffer()} on hot paths)} */
    public MemorySegment payload() {
        return memory.asSlice(payloadOffset(), payloadLength());
    }

    /**
     * The record's LSN: its byte position in the log, known from the reservation on.
     *
     * @return the LSN {@link #commit()} will return.
     */
    public long lsn() {
        return lsn;
    }

    /**
     * Sets the record type (default {@link RecordType#DATA}).
     *
     * @param recordType {@link RecordType#DATA}, a transaction-range or an application-range code.
     * @return this claim.
     * @throws IllegalArgumentException when the type is one an application may not write.
     */
    public AppendClaim type(final byte recordType) {
        if (!RecordType.isWritable(recordType)) {
            throw new IllegalArgumentException("not a record type an application may write: type=" + RecordType.name(recordType) + ", writable=DATA (0x01), 0x10..0xFF");
        }
        type = recordType;
        RecordDescriptor.type(memory, offset, recordType);
        return this;
    }

    /**
     * Sets the header's transaction id (default 0).
     *
     * @param value the transaction id.
     * @return this claim.
     */
    public AppendClaim txnId(final long value) {
        RecordDescriptor.txnId(memory, offset, value);
        return this;
    }

    /**
     * Sets the LSN of the transaction's previous record (default 0: none).
     *
     * @param value the previous record's LSN.
     * @return this claim.
     */
    public AppendClaim prevLsn(final long value) {
        RecordDescriptor.prevLsn(memory, offset, value);
        return this;
    }

    /**
     * Sets the id of the page the record changes (default 0).
     *
     * @param value the page id.
     * @return this claim.
     */
    public AppendClaim pageId(final long value) {
        RecordDescriptor.pageId(memory, offset, value);
        return this;
    }

    /**
     * Sets the header's flag byte (default 0), free for the layer that writes the record.
     *
     * @param value the flags.
     * @return this claim.
     */
    public AppendClaim flags(final byte value) {
        RecordDescriptor.flags(memory, offset, value);
        return this;
    }

    /**
     * Sets the offset in the page the record changes (default 0).
     *
     * @param value the offset in the page.
     * @return this claim.
     */
    public AppendClaim pageOffset(final int value) {
        RecordDescriptor.pageOffset(memory, offset, value);
        return this;
    }

    /**
     * Sets how many payload bytes, from its start, are the before image (default 0).
     *
     * @param value the before-image length, at most the payload length.
     * @return this claim.
     * @throws IllegalArgumentException when it is negative or longer than the payload.
     */
    public AppendClaim beforeLength(final int value) {
        if (value < 0 || value > payloadLength()) {
            throw new IllegalArgumentException("before image longer than the payload: beforeLength=" + value + ", payloadLength=" + payloadLength());
        }
        RecordDescriptor.beforeLength(memory, offset, value);
        return this;
    }

    /**
     * Checksums and publishes the record; returns its LSN.
     *
     * @return the record's LSN.
     * @throws WalFailedException when the store into the mapped segment faults (the log fails).
     */
    public long commit() {
        final MemorySegment target = checkActive();
        memory = null;
        try {
            RecordWriter.commit(target, offset, type, frameLength);
        } catch (final InternalError | IllegalStateException ex) {
            throw onFault(ex);
        }
        return lsn;
    }

    /** Turns the reservation into a padding record that readers skip. */
    public void abort() {
        final MemorySegment target = checkActive();
        memory = null;
        try {
            RecordWriter.pad(target, offset, lsn, RecordDescriptor.alignedLength(frameLength));
        } catch (final InternalError | IllegalStateException ex) {
            throw onFault(ex);
        }
    }

    private RuntimeException onFault(final Throwable fault) {
        if (owner != null) {
            return owner.onWriteFault(fault, lsn);
        }
        if (fault instanceof Error error) {
            throw error;
        }
        return (RuntimeException)fault;
    }

    private MemorySegment checkActive() {
        final MemorySegment target = memory;
        if (target == null) {
            throw new IllegalStateException("claim is not active: commit() or abort() was already called, or tryClaim failed");
        }
        return target;
    }
}

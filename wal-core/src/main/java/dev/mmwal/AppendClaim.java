package dev.mmwal;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.internal.LogEngine;

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

    /** An unwrapped claim; {@link Wal#tryClaim(int, AppendClaim)} points it at reserved space. */
    public AppendClaim() {
    }

    void wrap(final MemorySegment memory, final long offset, final long lsn, final int frameLength) {
        this.memory = memory;
        this.offset = offset;
        this.lsn = lsn;
        this.frameLength = frameLength;
        this.type = RecordType.DATA;
        LogEngine.writeHeader(memory, offset, lsn, RecordType.DATA, 0, 0, 0, (byte)0, 0, 0);
    }

    /** The whole mapped segment; the payload is {@code [payloadOffset(), payloadOffset() + payloadLength())}. */
    public MemorySegment buffer() {
        return memory;
    }

    public long payloadOffset() {
        return offset + RecordDescriptor.HEADER_LENGTH;
    }

    public int payloadLength() {
        return frameLength - RecordDescriptor.HEADER_LENGTH;
    }

    /** A slice over just the payload (allocates a view; use {@link #buffer()} on hot paths). */
    public MemorySegment payload() {
        return memory.asSlice(payloadOffset(), payloadLength());
    }

    public long lsn() {
        return lsn;
    }

    public AppendClaim type(final byte recordType) {
        if (!RecordType.isWritable(recordType)) {
            throw new IllegalArgumentException("not a record type an application may write: type=" + RecordType.name(recordType) + ", writable=DATA (0x01), 0x10..0xFF");
        }
        type = recordType;
        RecordDescriptor.type(memory, offset, recordType);
        return this;
    }

    public AppendClaim txnId(final long value) {
        RecordDescriptor.txnId(memory, offset, value);
        return this;
    }

    public AppendClaim prevLsn(final long value) {
        RecordDescriptor.prevLsn(memory, offset, value);
        return this;
    }

    public AppendClaim pageId(final long value) {
        RecordDescriptor.pageId(memory, offset, value);
        return this;
    }

    public AppendClaim flags(final byte value) {
        RecordDescriptor.flags(memory, offset, value);
        return this;
    }

    public AppendClaim pageOffset(final int value) {
        RecordDescriptor.pageOffset(memory, offset, value);
        return this;
    }

    public AppendClaim beforeLength(final int value) {
        if (value < 0 || value > payloadLength()) {
            throw new IllegalArgumentException("before image longer than the payload: beforeLength=" + value + ", payloadLength=" + payloadLength());
        }
        RecordDescriptor.beforeLength(memory, offset, value);
        return this;
    }

    /** Checksums and publishes the record; returns its LSN. */
    public long commit() {
        final MemorySegment target = checkActive();
        LogEngine.publish(target, offset, type, frameLength);
        memory = null;
        return lsn;
    }

    /** Turns the reservation into a padding record that readers skip. */
    public void abort() {
        final MemorySegment target = checkActive();
        LogEngine.writeHeader(target, offset, lsn, RecordType.PADDING, 0, 0, 0, (byte)0, 0, 0);
        LogEngine.publish(target, offset, RecordType.PADDING, RecordDescriptor.alignedLength(frameLength));
        memory = null;
    }

    private MemorySegment checkActive() {
        final MemorySegment target = memory;
        if (target == null) {
            throw new IllegalStateException("claim is not active: commit() or abort() was already called, or tryClaim failed");
        }
        return target;
    }
}

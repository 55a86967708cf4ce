package dev.mmwal.txn;

import dev.mmwal.LogRecord;
import dev.mmwal.txn.format.ClrDescriptor;
import dev.mmwal.txn.format.TxnRecordType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A zero-copy view of one page-changing record (UPDATE or CLR) handed to a
 * {@link RecoveryHandler}: valid only during the call. The two images a handler needs:
 * <ul>
 *   <li>the <em>redo image</em>: what redo writes at {@link #pageOffset()} of {@link #pageId()}:
 *   an UPDATE's after image, a CLR's compensation (the undone update's before image);</li>
 *   <li>the <em>undo image</em>: what undo writes back: an UPDATE's before image (a CLR has none).</li>
 * </ul>
 * Both lie in {@link #buffer()} (the mapped log; read, never write) at the offsets given.
 *
 * <p>Single-threaded, reusable: the layer fills one instance per pass.
 */
public final class TxnRecord {
    private LogRecord record;

    /** An empty view; the layer fills it. */
    public TxnRecord() {
    }

    /** Points this view at {@code logRecord} (an UPDATE or CLR); returns this. */
    public TxnRecord wrap(final LogRecord logRecord) {
        this.record = logRecord;
        return this;
    }

    public long lsn() {
        return record.lsn();
    }

    public byte type() {
        return record.type();
    }

    public boolean isClr() {
        return record.type() == TxnRecordType.CLR;
    }

    public long txnId() {
        return record.txnId();
    }

    public long prevLsn() {
        return record.prevLsn();
    }

    public long pageId() {
        return record.pageId();
    }

    /** Where in the page the images go (u16). */
    public int pageOffset() {
        return record.pageOffset();
    }

    /** The mapped log memory holding the images. */
    public MemorySegment buffer() {
        return record.buffer();
    }

    public long redoOffset() {
        return isClr() ? record.payloadOffset() + ClrDescriptor.REDO_IMAGE_OFFSET : record.payloadOffset() + record.beforeLength();
    }

    public int redoLength() {
        return isClr() ? record.payloadLength() - ClrDescriptor.LENGTH : record.payloadLength() - record.beforeLength();
    }

    public long undoOffset() {
        return record.payloadOffset();
    }

    /** The before image's length; 0 for a CLR. */
    public int undoLength() {
        return isClr() ? 0 : record.beforeLength();
    }

    /** A CLR's next record to undo (0: rollback complete); -1 for an UPDATE. */
    public long undoNextLsn() {
        return isClr() ? ClrDescriptor.undoNextLsn(record.buffer(), record.payloadOffset()) : -1;
    }

    /** Copies the redo image into {@code dst} at {@code dstOffset}. */
    public void copyRedoImage(final byte[] dst, final int dstOffset) {
        MemorySegment.copy(record.buffer(), ValueLayout.JAVA_BYTE, redoOffset(), dst, dstOffset, redoLength());
    }

    /** Copies the undo image into {@code dst} at {@code dstOffset}. */
    public void copyUndoImage(final byte[] dst, final int dstOffset) {
        MemorySegment.copy(record.buffer(), ValueLayout.JAVA_BYTE, undoOffset(), dst, dstOffset, undoLength());
    }

    /** The redo image as a new array (allocates). */
    public byte[] redoImage() {
        final byte[] copy = new byte[redoLength()];
        copyRedoImage(copy, 0);
        return copy;
    }

    /** The undo image as a new array (allocates). */
    public byte[] undoImage() {
        final byte[] copy = new byte[undoLength()];
        copyUndoImage(copy, 0);
        return copy;
    }

    @Override
    public String toString() {
        return TxnRecordType.name(type()) + "{lsn=" + lsn() + ", txnId=" + txnId() + ", prevLsn=" + prevLsn() + ", pageId=" + pageId()
            + ", pageOffset=" + pageOffset() + ", redoLength=" + redoLength() + ", undoLength=" + undoLength() + "}";
    }
}

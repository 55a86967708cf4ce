package dev.mmwal.txn.internal;

import dev.mmwal.AppendClaim;
import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalClosedException;
import dev.mmwal.WalException;
import dev.mmwal.WalFailedException;
import dev.mmwal.txn.format.ClrDescriptor;
import dev.mmwal.txn.format.TxnRecordType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.LockSupport;

/**
 * Encodes the transaction records into the log through zero-copy claims, waiting out
 * back-pressure. Stateless apart from the log: thread-safe; each caller passes its own claim.
 * Allocates nothing.
 */
public final class RecordAppender {
    private final Wal wal;

    public RecordAppender(final Wal wal) {
        this.wal = wal;
    }

    public Wal wal() {
        return wal;
    }

    /**
     * Reserves a record of {@code payloadLength} bytes into {@code claim}, waiting (spin, yield,
     * park) while the log is back-pressured, and about one segment-preparer retry while the next
     * segment cannot be created.
     *
     * @throws WalClosedException when the log is closed; {@link WalFailedException} when it failed;
     * {@link WalException} when the next segment still cannot be created (full disk).
     */
    public long claim(final int payloadLength, final AppendClaim claim) {
        int spins = 0;
        while (true) {
            final long lsn = wal.tryClaim(payloadLength, claim);
            if (lsn >= 0) {
                return lsn;
            }
            if (lsn == Wal.CLOSED) {
                throw new WalClosedException("log closed: cannot append a transaction record: dir=" + wal.config().directory());
            }
            if (lsn == Wal.FAILED) {
                throw new WalFailedException("log failed: cannot append a transaction record: dir=" + wal.config().directory(), null);
            }
            if (lsn == Wal.NO_SEGMENT && spins > 10_000) {
                throw new WalException("cannot start the next segment: dir=" + wal.config().directory()
                    + ", cause=" + wal.nextSegmentFailure());
            }
            spins++;
            if (spins < 100) {
                Thread.onSpinWait();
            } else if (spins < 1_000) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    /** Appends a record without payload (COMMIT, ABORT, END, CHECKPOINT_BEGIN); returns its LSN. */
    public long appendEmpty(final byte type, final long txnId, final long prevLsn, final AppendClaim claim) {
        claim(0, claim);
        claim.type(type).txnId(txnId).prevLsn(prevLsn);
        return claim.commit();
    }

    /** Appends an UPDATE whose images come from arrays; returns its LSN. */
    public long appendUpdate(final TxnState txn, final long pageId, final int pageOffset, final byte[] before, final byte[] after) {
        return appendUpdate(txn, pageId, pageOffset, before, 0, before.length, after, 0, after.length);
    }

    /** Appends an UPDATE whose images are ranges of arrays (copied straight into the log); returns its LSN. */
    public long appendUpdate(final TxnState txn, final long pageId, final int pageOffset, final byte[] before, final int beforeOffset,
                             final int beforeLength, final byte[] after, final int afterOffset, final int afterLength) {
        final AppendClaim claim = txn.claim();
        claim(beforeLength + afterLength, claim);
        try {
            updateHeader(txn, claim, pageId, pageOffset, beforeLength);
            MemorySegment.copy(before, beforeOffset, claim.buffer(), ValueLayout.JAVA_BYTE, claim.payloadOffset(), beforeLength);
            MemorySegment.copy(after, afterOffset, claim.buffer(), ValueLayout.JAVA_BYTE, claim.payloadOffset() + beforeLength, afterLength);
        } catch (final RuntimeException ex) {
            claim.abort();
            throw ex;
        }
        return claim.commit();
    }

    /** Appends an UPDATE whose images come from memory segments; returns its LSN. */
    public long appendUpdate(final TxnState txn, final long pageId, final int pageOffset, final MemorySegment before, final MemorySegment after) {
        final AppendClaim claim = txn.claim();
        final int beforeLength = Math.toIntExact(before.byteSize());
        claim(beforeLength + Math.toIntExact(after.byteSize()), claim);
        try {
            updateHeader(txn, claim, pageId, pageOffset, beforeLength);
            MemorySegment.copy(before, 0, claim.buffer(), claim.payloadOffset(), beforeLength);
            MemorySegment.copy(after, 0, claim.buffer(), claim.payloadOffset() + beforeLength, after.byteSize());
        } catch (final RuntimeException ex) {
            claim.abort();
            throw ex;
        }
        return claim.commit();
    }

    /** Fills an UPDATE's header fields into a claim already reserved. */
    public static void updateHeader(final TxnState txn, final AppendClaim claim, final long pageId, final int pageOffset, final int beforeLength) {
        claim.type(TxnRecordType.UPDATE).txnId(txn.id()).prevLsn(txn.lastLsn()).pageId(pageId).pageOffset(pageOffset).beforeLength(beforeLength);
    }

    /**
     * Appends the CLR compensating {@code update} for {@code txn}: redo image = the update's before
     * image, {@code undoNextLsn} = the update's {@code prevLsn}. Returns the CLR's LSN.
     */
    public long appendClr(final TxnState txn, final LogRecord update) {
        final AppendClaim claim = txn.claim();
        final int imageLength = update.beforeLength();
        claim(ClrDescriptor.LENGTH + imageLength, claim);
        try {
            claim.type(TxnRecordType.CLR).txnId(txn.id()).prevLsn(txn.lastLsn()).pageId(update.pageId()).pageOffset(update.pageOffset()).beforeLength(0);
            ClrDescriptor.undoNextLsn(claim.buffer(), claim.payloadOffset(), update.prevLsn());
            MemorySegment.copy(update.buffer(), update.payloadOffset(), claim.buffer(), claim.payloadOffset() + ClrDescriptor.REDO_IMAGE_OFFSET, imageLength);
        } catch (final RuntimeException ex) {
            claim.abort();
            throw ex;
        }
        return claim.commit();
    }
}

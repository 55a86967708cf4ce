package dev.mmwal.txn;

import dev.mmwal.AppendClaim;
import dev.mmwal.txn.internal.TxnState;

import java.lang.foreign.MemorySegment;

/**
 * A reusable flyweight over an UPDATE record reserved by
 * {@link TxnLog#tryClaimUpdate(Transaction, long, int, int, int, UpdateClaim)}: encode the before
 * image at {@link #beforeOffset()} and the after image at {@link #afterOffset()} of
 * {@link #buffer()}, then {@link #commit()} or {@link #abort()} exactly once, promptly: the
 * transaction's lock is held in between (a concurrent checkpoint waits for it).
 *
 * <p>Single-threaded: one claim per thread, reused for every update (no allocation).
 */
public final class UpdateClaim {
    private final AppendClaim claim = new AppendClaim();
    private TxnState txn;
    private long lsn;
    private int beforeLength;
    private int afterLength;

    /** An unwrapped claim. */
    public UpdateClaim() {
    }

    AppendClaim appendClaim() {
        return claim;
    }

    void wrap(final TxnState owner, final long recordLsn, final int before, final int after) {
        this.txn = owner;
        this.lsn = recordLsn;
        this.beforeLength = before;
        this.afterLength = after;
    }

    /** The mapped log memory to encode into. */
    public MemorySegment buffer() {
        return claim.buffer();
    }

    public long beforeOffset() {
        return claim.payloadOffset();
    }

    public int beforeLength() {
        return beforeLength;
    }

    public long afterOffset() {
        return claim.payloadOffset() + beforeLength;
    }

    public int afterLength() {
        return afterLength;
    }

    public long lsn() {
        return lsn;
    }

    /** Publishes the UPDATE and makes it the transaction's last record; returns its LSN. */
    public long commit() {
        final TxnState owner = active();
        try {
            claim.commit();
            owner.loggedUndoable(lsn);
        } finally {
            txn = null;
            owner.unlockRelease();
        }
        return lsn;
    }

    /** Drops the reservation (it becomes padding); the transaction is unchanged. */
    public void abort() {
        final TxnState owner = active();
        try {
            claim.abort();
        } finally {
            txn = null;
            owner.unlockRelease();
        }
    }

    private TxnState active() {
        final TxnState owner = txn;
        if (owner == null) {
            throw new IllegalStateException("update claim is not active: commit() or abort() was already called, or tryClaimUpdate failed");
        }
        return owner;
    }
}

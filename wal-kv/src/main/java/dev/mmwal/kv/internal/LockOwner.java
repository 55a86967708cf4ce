package dev.mmwal.kv.internal;

import java.util.Arrays;

/**
 * A transaction as the {@link LockManager} sees it: its id, the locks it holds and the lock it
 * waits for. Reused across the transactions of one {@code KvTxn} ({@link #reset}).
 *
 * <p>Threads: the owning transaction's thread writes {@link #held}; a lock's holder fields are
 * guarded by that lock's stripe monitor; {@link #waitingFor} and {@link #id} are volatile, read by
 * other threads' deadlock detection.
 */
public final class LockOwner {
    volatile long id;
    /** The lock this owner waits for (null: none); pinned by the lock's waiter count meanwhile. */
    volatile LockManager.Lock waitingFor;
    LockManager.Lock[] held = new LockManager.Lock[8];
    int heldCount;

    public LockOwner(final long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }

    /** Starts a new transaction on this owner; it must hold no lock (its last one released all). */
    public void reset(final long txnId) {
        if (heldCount != 0) {
            throw new IllegalStateException("lock owner still holds locks: txn=" + id + ", held=" + heldCount);
        }
        id = txnId;
    }

    void hold(final LockManager.Lock lock) {
        if (heldCount == held.length) {
            held = Arrays.copyOf(held, held.length * 2);
        }
        held[heldCount++] = lock;
    }

    /** Locks held now. */
    public int heldCount() {
        return heldCount;
    }
}

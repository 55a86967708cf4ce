package dev.mmwal.txn;

import dev.mmwal.txn.internal.TxnState;

/**
 * A handle on one transaction, from {@link TxnLog#begin()} until {@link TxnLog#commit} or
 * {@link TxnLog#abort}. Its id is unique across restarts of the log.
 *
 * <p>One thread at a time uses a transaction; handing it to another thread needs a
 * happens-before edge (a queue, a future). The accessors are safe from any thread.
 *
 * <p>A finished handle may be restarted as a new transaction by {@link TxnLog#begin(Transaction)}
 * (no allocation); its owner must then drop every use of the old transaction.
 */
public final class Transaction {
    private final TxnState state;

    Transaction(final TxnState state) {
        this.state = state;
    }

    TxnState state() {
        return state;
    }

    public long id() {
        return state.id();
    }

    /** The LSN of the transaction's last record (0: none yet). */
    public long lastLsn() {
        state.lock();
        try {
            return state.lastLsn();
        } finally {
            state.unlockRelease();
        }
    }

    /** True until commit or abort began. */
    public boolean isActive() {
        state.lock();
        try {
            return state.isActive();
        } finally {
            state.unlockRelease();
        }
    }

    @Override
    public String toString() {
        return "Transaction{id=" + id() + "}";
    }
}

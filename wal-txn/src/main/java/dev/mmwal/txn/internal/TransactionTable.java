package dev.mmwal.txn.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The live transactions and the id allocator.
 *
 * <p><b>Threads.</b> Any number of threads begin and finish transactions at once; the
 * checkpointer iterates concurrently. Ids come from one atomic counter ({@code getAndIncrement}:
 * lock-free, each id handed out once). A transaction is in the table from {@link #begin()} (before
 * its first record) until it committed or ended (after its last record), so an iteration that
 * starts after a record was reserved sees that record's transaction. A rolled-back transaction
 * stays (ENDED) until the next checkpoint removes it, so a checkpoint always takes the lock of
 * every transaction that was rolling back when it began. Iteration is weakly
 * consistent (ConcurrentHashMap): it sees every entry present for its whole duration.
 */
public final class TransactionTable {
    private final AtomicLong nextId;
    private final ConcurrentHashMap<Long, TxnState> live = new ConcurrentHashMap<>();

    /** @param firstId the id the first transaction gets (at least 1: 0 means "no transaction"). */
    public TransactionTable(final long firstId) {
        if (firstId < 1) {
            throw new IllegalArgumentException("transaction ids start at 1: firstId=" + firstId);
        }
        nextId = new AtomicLong(firstId);
    }

    /** Allocates an id and registers a new ACTIVE transaction under it. */
    public TxnState begin() {
        final TxnState state = new TxnState(nextId.getAndIncrement());
        live.put(state.id(), state);
        return state;
    }

    /** Drops a finished transaction. */
    public void remove(final TxnState state) {
        live.remove(state.id(), state);
    }

    /** The id the next {@link #begin()} would get, read with acquire. */
    public long nextIdAcquire() {
        return nextId.get();
    }

    /** Raises the next id to at least {@code id} (recovery: above every id the log holds). */
    public void advanceNextId(final long id) {
        nextId.accumulateAndGet(id, Math::max);
    }

    public int size() {
        return live.size();
    }

    public TxnState get(final long id) {
        return live.get(id);
    }

    public void forEach(final Consumer<TxnState> action) {
        live.values().forEach(action);
    }
}

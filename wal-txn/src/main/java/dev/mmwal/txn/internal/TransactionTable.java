package dev.mmwal.txn.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The live transactions and the id allocator.
 *
 * <p><b>Layout.</b> Entries sit in slots of fixed-size chunks; chunks are only ever added (under a
 * monitor, rarely), never moved, so a slot keeps its place for the table's life. An entry claims a
 * free slot with a CAS and frees it with a CAS: registering and removing allocate nothing, and a
 * renewed entry ({@link #renew}) reuses its slot when it still holds one.
 *
 * <p><b>Threads.</b> Any number of threads begin and finish transactions at once; the
 * checkpointer iterates concurrently. Ids come from one atomic counter ({@code getAndIncrement}:
 * lock-free, each id handed out once). A transaction is in the table from {@link #begin()} (before
 * its first record) until it committed or ended (after its last record), so an iteration that
 * starts after a record was reserved sees that record's transaction (its slot was written, with a
 * volatile CAS, before the record was reserved, and slots never move). A rolled-back transaction
 * stays (ENDED) until the next checkpoint removes it, so a checkpoint always takes the lock of
 * every transaction that was rolling back when it began. Iteration is weakly consistent: it sees
 * every entry present for its whole duration.
 */
public final class TransactionTable {
    private static final int CHUNK = 64;

    private final AtomicLong nextId;
    private final AtomicInteger cursor = new AtomicInteger();
    private final Object grow = new Object();
    private volatile Chunk[] chunks = {new Chunk()};

    /** A fixed run of slots. */
    private static final class Chunk extends AtomicReferenceArray<TxnState> {
        private static final long serialVersionUID = 1L;

        Chunk() {
            super(CHUNK);
        }
    }

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
        insert(state);
        return state;
    }

    /**
     * Restarts the finished {@code state} (COMMITTED or ENDED) as a new ACTIVE transaction with a
     * fresh id, registered again if a commit or checkpoint removed it. Allocates nothing (unless the
     * table must grow). The caller owns {@code state} (one thread).
     *
     * @throws IllegalStateException if {@code state} is still active or aborting.
     */
    public TxnState renew(final TxnState state) {
        state.lock();
        try {
            if (state.isLive()) {
                throw new IllegalStateException("transaction to reuse is not finished: txnId=" + state.id() + ", status="
                    + TxnState.statusName(state.status()));
            }
            state.restart(nextId.getAndIncrement());
            if (state.tableSlot() < 0) {
                insert(state);
            }
        } finally {
            state.unlockRelease();
        }
        return state;
    }

    private void insert(final TxnState state) {
        while (true) {
            final Chunk[] current = chunks;
            final int capacity = current.length * CHUNK;
            final int start = Math.floorMod(cursor.getAndIncrement(), capacity);
            for (int i = 0; i < capacity; i++) {
                final int slot = (start + i) % capacity;
                if (current[slot / CHUNK].get(slot % CHUNK) == null && current[slot / CHUNK].compareAndSet(slot % CHUNK, null, state)) {
                    state.tableSlot(slot);
                    return;
                }
            }
            synchronized (grow) {
                if (chunks == current) {
                    final Chunk[] bigger = Arrays.copyOf(current, current.length + 1);
                    bigger[current.length] = new Chunk();
                    chunks = bigger;
                }
            }
        }
    }

    /** Drops a finished transaction (a no-op if it is not in the table). */
    public void remove(final TxnState state) {
        final int slot = state.tableSlot();
        if (slot >= 0 && chunks[slot / CHUNK].compareAndSet(slot % CHUNK, state, null)) {
            state.tableSlot(-1);
        }
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
        int size = 0;
        for (final Chunk chunk : chunks) {
            for (int i = 0; i < CHUNK; i++) {
                size += chunk.get(i) != null ? 1 : 0;
            }
        }
        return size;
    }

    /** The registered transaction with id {@code id}, or null (a scan). */
    public TxnState get(final long id) {
        for (final Chunk chunk : chunks) {
            for (int i = 0; i < CHUNK; i++) {
                final TxnState state = chunk.get(i);
                if (state != null && state.id() == id) {
                    return state;
                }
            }
        }
        return null;
    }

    public void forEach(final Consumer<TxnState> action) {
        for (final Chunk chunk : chunks) {
            for (int i = 0; i < CHUNK; i++) {
                final TxnState state = chunk.get(i);
                if (state != null) {
                    action.accept(state);
                }
            }
        }
    }
}

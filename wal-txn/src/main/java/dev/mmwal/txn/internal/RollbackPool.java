package dev.mmwal.txn.internal;

import dev.mmwal.txn.RecoveryHandler;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Reusable {@link Rollback}s (each with its log reader) for runtime aborts, so a rollback does not
 * allocate one per abort. A fixed array of slots: {@link #take()} empties a slot with a CAS (or
 * makes a new rollback when all are taken), {@link #give(Rollback)} fills an empty one (or drops
 * the rollback when all are full). Lock-free; allocation-free once warm. A rollback's reader
 * {@code seek}s before every step, so a pooled one never reads a segment truncated since its last
 * use.
 */
public final class RollbackPool {
    private static final int SIZE = 32;

    private final RecordAppender appender;
    private final RecoveryHandler handler;
    private final AtomicReferenceArray<Rollback> slots = new AtomicReferenceArray<>(SIZE);

    public RollbackPool(final RecordAppender appender, final RecoveryHandler handler) {
        this.appender = appender;
        this.handler = handler;
    }

    /** A rollback owned by the caller until it {@link #give gives} it back. */
    public Rollback take() {
        for (int i = 0; i < SIZE; i++) {
            final Rollback pooled = slots.get(i);
            if (pooled != null && slots.compareAndSet(i, pooled, null)) {
                return pooled;
            }
        }
        return new Rollback(appender, handler);
    }

    /** Returns {@code rollback} (taken from this pool, no longer used by the caller). */
    public void give(final Rollback rollback) {
        for (int i = 0; i < SIZE; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, rollback)) {
                return;
            }
        }
    }
}

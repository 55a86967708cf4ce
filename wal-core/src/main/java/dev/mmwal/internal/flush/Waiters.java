package dev.mmwal.internal.flush;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Parked committers, so the flusher can wake exactly the threads its sync satisfied.
 *
 * <p>Roles: any number of committer threads {@link #register} / {@link #deregister}; one flusher
 * thread calls {@link #wakeSatisfied} after each durable-LSN advance and {@link #wakeAll} on
 * failure or close. Lock-free: a slot is claimed with one CAS.
 *
 * <p>No lost wake-up: a committer publishes its slot (volatile store) and then re-reads the durable
 * LSN (volatile load) before parking; the flusher stores the durable LSN (volatile) before
 * scanning slots (volatile loads). Under sequential consistency of volatile accesses, either the
 * committer sees the new durable LSN or the flusher sees the slot.
 *
 * <p>Each committer thread reuses one {@link Waiter} for its lifetime: waiting allocates nothing.
 */
public final class Waiters {
    /** A committer's reusable parking record. */
    public static final class Waiter {
        final Thread thread;
        volatile long awaitedLsn;
        int slot = -1;

        Waiter(final Thread thread) {
            this.thread = thread;
        }
    }

    private static final ThreadLocal<Waiter> WAITER = ThreadLocal.withInitial(() -> new Waiter(Thread.currentThread()));

    private final AtomicReferenceArray<Waiter> slots;
    private final int mask;

    public Waiters(final int capacity) {
        final int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        slots = new AtomicReferenceArray<>(size);
        mask = size - 1;
    }

    /** This thread's waiter; allocated once per thread. */
    public static Waiter current() {
        return WAITER.get();
    }

    /**
     * Publishes {@code waiter} as waiting for {@code lsn}. Returns false when every slot is taken;
     * the caller then waits with timed naps instead.
     */
    public boolean register(final Waiter waiter, final long lsn) {
        waiter.awaitedLsn = lsn;
        if (waiter.slot >= 0) {
            return true;
        }
        final int start = (int)waiter.thread.threadId() & mask;
        for (int i = 0; i <= mask; i++) {
            final int slot = (start + i) & mask;
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, waiter)) {
                waiter.slot = slot;
                return true;
            }
        }
        return false;
    }

    public void deregister(final Waiter waiter) {
        final int slot = waiter.slot;
        if (slot >= 0) {
            slots.set(slot, null);
            waiter.slot = -1;
        }
    }

    /** Unparks every registered waiter whose awaited LSN is below {@code durableLsn}. */
    public void wakeSatisfied(final long durableLsn) {
        for (int i = 0, n = slots.length(); i < n; i++) {
            final Waiter waiter = slots.get(i);
            if (waiter != null && waiter.awaitedLsn < durableLsn) {
                LockSupport.unpark(waiter.thread);
            }
        }
    }

    /** Unparks every registered waiter (the log failed or closed). */
    public void wakeAll() {
        for (int i = 0, n = slots.length(); i < n; i++) {
            final Waiter waiter = slots.get(i);
            if (waiter != null) {
                LockSupport.unpark(waiter.thread);
            }
        }
    }
}

package dev.mmwal.internal.flush;

import dev.mmwal.WalClosedException;
import dev.mmwal.internal.log.LogEngine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The committer's side of durability: wait until an LSN is durable. Any number of threads.
 *
 * <p>A committer announces its LSN ({@link CommitRequests}), then spins, then yields, then parks
 * registered with {@link Waiters}, so the flusher unparks exactly the ones it satisfied. Spinning
 * only pays while a core is free for it: past {@code maxSpinningWaiters} spinning committers, a
 * committer parks at once. Allocation-free. Blocking, with a progress guarantee from the flusher:
 * every announced LSN below the published prefix is synced and its waiter woken, or the log fails
 * and every waiter is woken to see the failure.
 */
public final class DurabilityWait {
    private final LogEngine engine;
    private final CommitRequests commits;
    private final int maxSpinningWaiters;
    private final int waitSpins;
    private final int waitYields;
    private final BooleanSupplier stopped;

    /**
     * @param stopped true once the log is closed and its flusher has stopped: a waiter not yet
     *                satisfied then never will be.
     */
    public DurabilityWait(final LogEngine engine, final CommitRequests commits, final BooleanSupplier stopped) {
        this.engine = engine;
        this.commits = commits;
        this.maxSpinningWaiters = engine.config().maxSpinningWaiters();
        this.waitSpins = engine.config().waitSpins();
        this.waitYields = engine.config().waitYields();
        this.stopped = stopped;
    }

    /**
     * Blocks until {@code lsn} is durable or {@code timeoutNanos} pass ({@code Long.MAX_VALUE}: no
     * limit). Allocates nothing.
     *
     * @return false when the time passed first.
     */
    public boolean await(final long lsn, final long timeoutNanos) {
        if (engine.durableLsnAcquire() > lsn) {
            return true;
        }
        checkAwaitable(lsn);
        final long start = System.nanoTime();
        commits.announceCommit(lsn);
        final boolean done = spinThenPark(lsn, start, timeoutNanos);
        engine.metrics().onCommitWait(System.nanoTime() - start);
        return done;
    }

    private boolean spinThenPark(final long lsn, final long start, final long timeoutNanos) {
        // Spinning only pays while a core is free for it: with more spinning committers than
        // spare cores they take the CPU the flusher needs. Past that, park at once.
        final AtomicInteger spinning = commits.spinning();
        if (spinning.incrementAndGet() <= maxSpinningWaiters) {
            try {
                if (spinThenYield(lsn)) {
                    return true;
                }
            } finally {
                spinning.decrementAndGet();
            }
        } else {
            spinning.decrementAndGet();
        }
        final Waiters waiters = commits.waiters();
        final Waiters.Waiter waiter = Waiters.current();
        final boolean registered = waiters.register(waiter, lsn);
        try {
            while (true) {
                if (isDurableOrThrow(lsn)) {
                    return true;
                }
                final long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, registered ? Math.min(remaining, 100_000_000L) : Math.min(remaining, 50_000L));
            }
        } finally {
            if (registered) {
                waiters.deregister(waiter);
            }
        }
    }

    private boolean spinThenYield(final long lsn) {
        for (int i = 0, n = waitSpins; i < n; i++) {
            if (isDurableOrThrow(lsn)) {
                return true;
            }
            Thread.onSpinWait();
        }
        for (int i = 0, n = waitYields; i < n; i++) {
            if (isDurableOrThrow(lsn)) {
                return true;
            }
            Thread.yield();
        }
        return false;
    }

    private boolean isDurableOrThrow(final long lsn) {
        if (engine.durableLsnVolatile() > lsn) {
            return true;
        }
        if (engine.failure() != null) {
            throw engine.failedException();
        }
        if (stopped.getAsBoolean()) {
            throw new WalClosedException("log closed before the record was durable: dir=" + engine.directory() + ", lsn=" + lsn);
        }
        return false;
    }

    /** Fails unless a record was reserved at {@code lsn}. */
    public void checkAwaitable(final long lsn) {
        if (lsn < 0 || lsn >= engine.tailAcquire()) {
            throw new IllegalArgumentException("no record reserved at that LSN: lsn=" + lsn + ", tail=" + engine.tailAcquire());
        }
    }
}

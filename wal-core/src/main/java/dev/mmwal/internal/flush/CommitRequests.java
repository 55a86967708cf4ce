package dev.mmwal.internal.flush;

import dev.mmwal.internal.log.PaddedPosition;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where committers and the flusher meet. Committers (any threads) announce the LSN they wait for;
 * the flusher (one thread) reads the announcements, syncs, and wakes the parked committers it
 * satisfied through {@link Waiters}.
 *
 * <p>Protocol (lock-free for committers): a committer raises {@link #awaitedLsnVolatile()} to its
 * LSN, then increments the request count, then wakes the flusher if it announced itself idle. The
 * flusher reads the count, then the awaited LSN, so every counted request's LSN is visible to it;
 * and it re-reads the count after announcing idle, so a committer and an idling flusher never
 * miss each other (one of the two always sees the other's write; both are volatile).
 */
public final class CommitRequests {
    private final PaddedPosition requests = new PaddedPosition(0);
    private final PaddedPosition awaitedLsn = new PaddedPosition(-1);
    private final AtomicInteger spinning = new AtomicInteger();
    private final Waiters waiters;
    private volatile Thread flusherThread;
    private volatile boolean flusherIdle;

    public CommitRequests(final int maxParkedWaiters) {
        this.waiters = new Waiters(maxParkedWaiters);
    }

    /** A committer waits for {@code lsn}: raise the awaited LSN, count the request, wake the flusher if idle. */
    public void announceCommit(final long lsn) {
        long current;
        while ((current = awaitedLsn.getVolatile()) < lsn && !awaitedLsn.compareAndSet(current, lsn)) {
            Thread.onSpinWait();
        }
        requests.getAndAdd(1);
        wakeFlusherIfIdle();
    }

    /** How many commit requests were counted so far (flusher). */
    public long requestsVolatile() {
        return requests.getVolatile();
    }

    /** The highest LSN any committer has asked to be made durable (-1: none yet). */
    public long awaitedLsnVolatile() {
        return awaitedLsn.getVolatile();
    }

    /** The parked committers. */
    public Waiters waiters() {
        return waiters;
    }

    /** How many committers are in their spin/yield phase now. */
    public AtomicInteger spinning() {
        return spinning;
    }

    /** Flusher, once at start: the thread to wake. */
    public void flusherThread(final Thread thread) {
        flusherThread = thread;
    }

    /** Flusher: whether it is about to idle (then committers wake it). */
    public void flusherIdle(final boolean idle) {
        flusherIdle = idle;
    }

    /** A committer arrived: if the flusher is idling, wake it rather than wait for its next poll. */
    public void wakeFlusherIfIdle() {
        if (flusherIdle) {
            final Thread thread = flusherThread;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }
}

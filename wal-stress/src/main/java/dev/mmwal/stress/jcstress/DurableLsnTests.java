package dev.mmwal.stress.jcstress;

import dev.mmwal.internal.flush.CommitRequests;
import dev.mmwal.internal.flush.Flusher;
import dev.mmwal.internal.flush.SegmentSealer;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.flush.Waiters;
import dev.mmwal.stress.support.EngineAppends;
import dev.mmwal.stress.support.MemoryLog;
import dev.mmwal.stress.support.MemoryLogs;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.locks.LockSupport;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Durable-LSN publication by the real {@link Flusher} (one duty cycle of its agent, configured for
 * {@code fdatasync}): a committer released for LSN x sees a durable LSN above x and the flusher's
 * state for x (the data sync that made it durable; the header sync recording the durable
 * watermark may follow, and is not counted); and {@link Waiters} never loses the wake-up of a
 * parked committer.
 */
public final class DurableLsnTests {
    static final long START = 1024;

    private DurableLsnTests() {
    }

    /** A published record nobody has synced yet, a committer's announcement that it awaits it, and a fresh flusher. */
    abstract static class PendingCommit {
        final MemoryLog log = MemoryLogs.acquire();
        final LogEngine engine = log.engine(START);
        final long lsn = EngineAppends.append(engine, 16, 5);
        final CommitRequests commits = new CommitRequests(16);
        final Flusher flusher;

        PendingCommit() {
            commits.announceCommit(lsn);
            flusher = new Flusher(engine, commits, new SegmentSealer(engine, new Object(), START, Long.MAX_VALUE));
        }
    }

    @JCStressTest
    @Description("Flusher duty cycle against a committer polling the durable LSN with acquire.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "not durable yet: the committer keeps waiting")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "released: durable LSN passed the record and the data sync behind it is visible")
    @Outcome(expect = FORBIDDEN, desc = "released without the data sync that made the record durable being visible, or synced twice")
    @State
    public static class ReleasedCommitterSeesSync extends PendingCommit {
        @Actor
        public void flusher() {
            flusher.doWork();
        }

        @Actor
        public void committer(final II_Result r) {
            if (engine.durableLsnAcquire() > lsn) {
                r.r1 = 1;
                r.r2 = log.ops().dataSyncs;
            }
        }

        @Arbiter
        public void release(final II_Result r) {
            MemoryLogs.release(log);
        }
    }

    /**
     * The committer registers in {@link Waiters}, re-checks the durable LSN, and parks with no
     * timeout (the real {@code Wal} parks in 100 ms naps, which would hide a lost wake-up); the
     * signal runs a flusher duty cycle, which syncs, publishes the durable LSN and wakes waiters.
     */
    @JCStressTest(Mode.Termination)
    @Description("A committer parked on its LSN is always woken by the flusher's sync.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the flusher published the durable LSN and unparked the committer")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the committer stayed parked after its record became durable")
    @Outcome(expect = FORBIDDEN, desc = "any other outcome")
    @State
    public static class NoLostWakeup extends PendingCommit {
        @Actor
        public void committer() {
            final Waiters waiters = commits.waiters();
            final Waiters.Waiter waiter = Waiters.current();
            if (!waiters.register(waiter, lsn)) {
                throw new IllegalStateException("no free waiter slot");
            }
            try {
                while (engine.durableLsnVolatile() <= lsn) {
                    LockSupport.park(this);
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            } finally {
                waiters.deregister(waiter);
            }
        }

        @Signal
        public void flusher() {
            flusher.doWork();
        }
    }
}

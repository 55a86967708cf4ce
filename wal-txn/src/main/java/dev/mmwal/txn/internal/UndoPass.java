package dev.mmwal.txn.internal;

import java.util.Collection;
import java.util.PriorityQueue;

/**
 * The ARIES restart undo pass: rolls back every loser in one backward sweep of the log, always
 * taking the largest undo-next LSN next, writing a CLR per undone update and END per finished
 * loser. After a crash during this pass, the CLRs already written make the next recovery resume
 * where it stopped (nothing is undone twice). Single-threaded.
 */
public final class UndoPass {
    /** Thrown by the test hook that stops undo after a number of CLRs, simulating a crash. */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Stopped(final long clrs) {
            super("undo stopped by the test hook after CLRs: clrs=" + clrs, null, false, false);
        }
    }

    private long undone;
    private long ends;
    private long nanos;
    private RecoveryProgressTracker progress;

    /** Reports each step (the undo-next LSN it moved from) to {@code tracker}. */
    public UndoPass progress(final RecoveryProgressTracker tracker) {
        this.progress = tracker;
        return this;
    }

    /** The log bytes the backward sweep over {@code losers} covers: from the largest undo-next LSN to the smallest first LSN. */
    public static long sweepBytes(final Collection<TxnState> losers) {
        return Math.max(0, sweepStart(losers) - sweepEnd(losers));
    }

    /** Where the backward sweep starts: the largest undo-next LSN (0: no loser). */
    public static long sweepStart(final Collection<TxnState> losers) {
        long max = 0;
        for (final TxnState loser : losers) {
            max = Math.max(max, loser.undoNextLsn());
        }
        return max;
    }

    private static long sweepEnd(final Collection<TxnState> losers) {
        long min = Long.MAX_VALUE;
        for (final TxnState loser : losers) {
            min = Math.min(min, loser.firstLsn());
        }
        return losers.isEmpty() ? 0 : min;
    }

    /**
     * @param stopAfterClrs test hook: throw {@link Stopped} once this many CLRs are written (-1: never).
     */
    public void run(final Collection<TxnState> losers, final Rollback rollback, final long stopAfterClrs) {
        final long started = System.nanoTime();
        final PriorityQueue<TxnState> queue = new PriorityQueue<>(Math.max(1, losers.size()),
            (a, b) -> Long.compare(b.undoNextLsn(), a.undoNextLsn()));
        for (final TxnState loser : losers) {
            loser.status(TxnState.ABORTING);
            offerOrEnd(queue, loser, rollback);
        }
        while (!queue.isEmpty()) {
            final TxnState next = queue.poll();
            if (progress != null) {
                progress.at(next.undoNextLsn());
            }
            if (rollback.step(next) != 0) {
                undone++;
                if (undone == stopAfterClrs) {
                    nanos = System.nanoTime() - started;
                    throw new Stopped(undone);
                }
            }
            offerOrEnd(queue, next, rollback);
        }
        nanos = System.nanoTime() - started;
    }

    private void offerOrEnd(final PriorityQueue<TxnState> queue, final TxnState txn, final Rollback rollback) {
        if (txn.undoNextLsn() > 0) {
            queue.add(txn);
        } else {
            rollback.end(txn);
            ends++;
        }
    }

    /** Updates undone (one CLR each). */
    public long undone() {
        return undone;
    }

    public long ends() {
        return ends;
    }

    public long nanos() {
        return nanos;
    }
}

package dev.mmwal.stress.oracle;

import dev.mmwal.Wal;
import dev.mmwal.WalInternals;
import dev.mmwal.internal.LogEngine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Harness-side workarounds for open core bugs that the randomized tests keep hitting, so every
 * other invariant stays testable while the bug is open. Each one is narrow, counted, reported in
 * docs/reliability.md, and shown by its own {@code @Disabled("core bug N: ...")} test; delete it
 * when the bug is fixed and that test enabled.
 */
public final class KnownCoreBugs {
    /** Opens after which appending had to wait for the tail's segment to exist (core bug 5). */
    public static final AtomicLong TAIL_SEGMENT_WAITS = new AtomicLong();
    /** Commits the flusher had counted as satisfied without syncing them (core bug 6). */
    public static final AtomicLong STRANDED_COMMITS = new AtomicLong();

    private KnownCoreBugs() {
    }

    /** The workaround counters now, to report a test's own share as a difference. */
    public static long[] counters() {
        return new long[] {TAIL_SEGMENT_WAITS.get(), STRANDED_COMMITS.get()};
    }

    /** How often each workaround acted since {@code before}. */
    public static String since(final long[] before) {
        final long[] now = counters();
        return "knownBug5TailSegmentWaits=" + (now[0] - before[0]) + " knownBug6StrandedCommits=" + (now[1] - before[1]);
    }

    /**
     * Core bug 5: when the recovered end lies in the last 48 bytes of a segment or at its end, the
     * log's first tail is the next segment's first record, and that segment may not exist yet (the
     * preparer creates it in the background). {@code LogEngine.reserve} takes the fast path there
     * without checking the segment is mapped, and {@code Wal.append} then throws
     * {@code NullPointerException} ({@code engine.segmentFor(lsn)} is null), leaving a reserved,
     * never-written hole that stops the flusher for good. Shown by
     * {@code RecoveryEdgeTest.shouldAppendAtOnceWhenTheTailStartsASegmentNotYetCreated}.
     *
     * <p>Waits (up to 60 s) until the segment of the tail is mapped, so the caller's first append is
     * safe. Call right after {@code Wal.open}, before any append.
     */
    public static void awaitTailSegment(final Wal wal) {
        final LogEngine engine = WalInternals.engine(wal);
        if (engine.segmentFor(engine.tailAcquire()) != null) {
            return;
        }
        TAIL_SEGMENT_WAITS.incrementAndGet();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (engine.segmentFor(engine.tailAcquire()) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the segment of the tail was never created: tail=" + engine.tailAcquire());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Core bug 6: the flusher reads the commit-request count after scanning for published records,
     * so a commit counted in between is taken as satisfied by a sync that stops short of it; with
     * {@code maxUnsyncedNanos = 0} nothing ever syncs it. Shown by
     * {@code CommitRequestRaceTest.shouldMakeEveryCommitDurableWhenSyncingOnlyOnRequest}.
     *
     * <p>Waits for {@code lsn} to be durable; when it is stranded (not durable after 200 ms with a
     * single committer), asks again with {@code flush()}, whose request cannot race (nothing is
     * published after it), and counts the occurrence. Returns normally once durable; throws what
     * {@code awaitDurable} throws.
     */
    public static void awaitDurableSingleCommitter(final Wal wal, final long lsn) {
        if (wal.awaitDurable(lsn, 200, TimeUnit.MILLISECONDS)) {
            return;
        }
        STRANDED_COMMITS.incrementAndGet();
        wal.flush();
        if (!wal.awaitDurable(lsn, 60, TimeUnit.SECONDS)) {
            throw new AssertionError("commit never became durable even after flush(): lsn=" + lsn + ", durableLsn=" + wal.durableLsn());
        }
    }
}

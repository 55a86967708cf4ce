package dev.mmwal.cli.demo;

import dev.mmwal.Wal;
import dev.mmwal.WalMetrics;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The first half of the demo: several threads commit transactions to an embedded log for a while. */
final class Workload {
    /** Embedded-workload transaction ids start here. */
    static final long TXN_BASE = 1_000_000_000L;

    /**
     * @param threads     committing threads.
     * @param elapsedNanos how long they committed.
     * @param commits     transactions committed (each acknowledged durable).
     * @param records     records appended (BEGIN, UPDATEs, COMMIT).
     * @param latency     commit latency, nanoseconds: COMMIT append until durable.
     * @param estimates   the flusher's L, λ and N* at the end of the load.
     * @param totals      sync counters after the last commit.
     */
    record Result(int threads, long elapsedNanos, long commits, long records, Histogram latency, Metrics estimates, Metrics totals) {
        double commitsPerSecond() {
            return commits * 1e9 / elapsedNanos;
        }
    }

    /** The figures of {@link WalMetrics} the demo reports, copied at one moment. */
    record Metrics(long syncs, long syncNanos, long recordsSynced, long commitsSynced, long bytesSynced, long syncLatencyNanos,
                   double arrivalsPerSecond, double targetBatch) {
        static Metrics of(final WalMetrics metrics) {
            return new Metrics(metrics.syncs(), metrics.syncNanos(), metrics.recordsSynced(), metrics.commitsSynced(), metrics.bytesSynced(),
                metrics.syncLatencyNanos(), metrics.arrivalRatePerSecond(), metrics.targetBatch());
        }

        /** The mean sync time over the whole run (L's moving average follows only the recent syncs). */
        double meanSyncNanos() {
            return syncs == 0 ? 0 : (double)syncNanos / syncs;
        }

        double commitsPerSync() {
            return syncs == 0 ? 0 : (double)commitsSynced / syncs;
        }

        double recordsPerSync() {
            return syncs == 0 ? 0 : (double)recordsSynced / syncs;
        }
    }

    private Workload() {
    }

    /**
     * Runs {@code threads} committers on the open log for {@code seconds}, printing progress to
     * {@code out} (null: silent). The caller closes the log.
     */
    static Result run(final Wal wal, final int threads, final double seconds, final PrintWriter out, final boolean terminal)
        throws InterruptedException {
        final Recorder recorder = new Recorder(3);
        final Committers committers = new Committers(wal, TXN_BASE, recorder, (lsn, txnId) -> { });
        final LiveProgress progress = new LiveProgress(out, terminal, recorder, wal.metrics());
        final long start = System.nanoTime();
        final long end = start + (long)(seconds * TimeUnit.SECONDS.toNanos(1));
        committers.start(threads);
        progress.start();
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            LockSupport.parkNanos(Math.min(end - now, 100_000_000L));
        }
        final Metrics estimates = Metrics.of(wal.metrics());
        committers.stop();
        final long elapsed = System.nanoTime() - start;
        final Histogram latency = progress.stop();
        return new Result(threads, elapsed, committers.commits(), committers.records(), latency, estimates, Metrics.of(wal.metrics()));
    }
}

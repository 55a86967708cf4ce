package dev.mmwal.bench;

import dev.mmwal.WalMetrics;
import dev.mmwal.bench.peers.CommitLog;
import dev.mmwal.bench.peers.Committer;
import dev.mmwal.bench.peers.MmwalCommitLog;
import dev.mmwal.bench.peers.Systems;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.LatencyHistograms;
import dev.mmwal.bench.support.Payloads;
import dev.mmwal.bench.support.ResultSink;
import dev.mmwal.bench.support.TimerSlack;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit under open-loop load: commits arrive on a fixed schedule at an offered rate,
 * whether or not earlier ones finished, and each commit's latency is measured from its scheduled
 * start (coordinated-omission corrected, as wrk2 does): a stall delays the schedule's later
 * commits and all of that delay is counted.
 *
 * <p>{@code clients} threads share the schedule round-robin (commit k belongs to thread
 * k mod clients); each waits for its slot (timer slack 1 ns), appends, waits until durable, and
 * records completion minus scheduled start. Reported per rate and system: achieved rate, latency
 * percentiles, syncs per commit, realised commits per sync, and for mmwal the policy's N* (mean of
 * samples every millisecond), the measured sync latency L, and the batch the N* formula gives with
 * the measured L and the offered λ ({@code nstar_ideal} = sqrt(2·L·λ)).
 *
 * <p>One invocation is one load run of {@code durationMs}: {@link Mode#SingleShotTime}, one
 * warmup run, then measured runs.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.CHRONICLE_REF, JvmArgs.CHRONICLE_NIO,
    JvmArgs.CHRONICLE_REFLECT, JvmArgs.CHRONICLE_NO_ANALYTICS, JvmArgs.CHRONICLE_NO_DISK_MONITOR, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 1, batchSize = 1)
@State(Scope.Benchmark)
public class GroupCommitSweepBenchmark {
    private static final long SAMPLE_PERIOD_NANOS = 1_000_000;

    @Param({"mmwal-nstar", "mmwal-greedy", "mmwal-linger", "mmwal-park", "fc-group", "rocksdb"})
    public String system;

    /** Offered commits per second. */
    @Param({"2000", "10000", "40000"})
    public int rate;

    @Param({"64"})
    public int payload;

    /** Length of one load run. */
    @Param({"2000"})
    public int durationMs;

    /** Committing threads sharing the schedule: enough that the offered rate, not the thread count, limits. */
    @Param({"64"})
    public int clients;

    private Path dir;
    private CommitLog log;
    private boolean measuring;
    private Histogram measured;
    private final Map<String, Double> extras = new TreeMap<>();

    @Setup(Level.Trial)
    public void openLog() {
        dir = BenchDirs.create("sweep-" + system);
        log = Systems.commit(system, dir, Payloads.random(payload, 42));
    }

    @Setup(Level.Iteration)
    public void startIteration(final IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Trial)
    public void closeLog(final BenchmarkParams params) {
        try {
            log.close();
        } finally {
            BenchDirs.delete(dir);
        }
        if (measured != null) {
            ResultSink.write(params, extras);
        }
    }

    @Benchmark
    public long run() throws InterruptedException {
        final WalMetrics metrics = log instanceof MmwalCommitLog mmwal ? mmwal.wal().metrics() : null;
        final long syncsBefore = log.syncs();
        final long syncNanosBefore = metrics == null ? 0 : metrics.syncNanos();
        final LatencyHistograms latencies = new LatencyHistograms();
        final LatencyHistograms service = new LatencyHistograms();
        final long intervalNanos = 1_000_000_000L / rate;
        final long total = (long)rate * durationMs / 1000;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        final Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            final int index = i;
            final Histogram corrected = latencies.newThreadHistogram();
            final Histogram serviceTime = service.newThreadHistogram();
            threads[i] = Thread.ofPlatform().name("sweep-client-" + i).start(
                () -> drive(index, start, intervalNanos, total, corrected, serviceTime));
        }
        double nstarSum = 0;
        long nstarSamples = 0;
        while (anyAlive(threads)) {
            if (metrics != null) {
                nstarSum += metrics.targetBatch();
                nstarSamples++;
            }
            LockSupport.parkNanos(SAMPLE_PERIOD_NANOS);
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        final long elapsed = System.nanoTime() - start;
        if (measuring) {
            summarize(latencies.merged(), service.merged(), elapsed, log.syncs() - syncsBefore, metrics,
                metrics == null ? 0 : metrics.syncNanos() - syncNanosBefore, nstarSamples == 0 ? 0 : nstarSum / nstarSamples);
        }
        return total;
    }

    private void drive(final int index, final long start, final long intervalNanos, final long total,
                       final Histogram corrected, final Histogram serviceTime) {
        TimerSlack.minimize();
        try (Committer committer = log.committer()) {
            for (long k = index; k < total; k += clients) {
                final long scheduled = start + k * intervalNanos;
                long now = System.nanoTime();
                while (now < scheduled) {
                    LockSupport.parkNanos(scheduled - now);
                    now = System.nanoTime();
                }
                committer.commit();
                final long done = System.nanoTime();
                corrected.recordValue(done - scheduled);
                serviceTime.recordValue(done - now);
            }
        }
    }

    private static boolean anyAlive(final Thread[] threads) {
        for (final Thread thread : threads) {
            if (thread.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private void summarize(final Histogram corrected, final Histogram serviceTime, final long elapsedNanos, final long syncs,
                           final WalMetrics metrics, final long syncNanos, final double nstarMean) {
        measured = corrected;
        extras.clear();
        LatencyHistograms.summarize(corrected, extras);
        final long commits = corrected.getTotalCount();
        extras.put("service_p50_us", serviceTime.getValueAtPercentile(50) / 1e3);
        extras.put("achieved_per_s", commits * 1e9 / elapsedNanos);
        extras.put("syncs_per_commit", commits == 0 ? 0 : (double)syncs / commits);
        extras.put("commits_per_sync", syncs == 0 ? 0 : (double)commits / syncs);
        if (metrics != null && syncs > 0) {
            final double syncLatencyNanos = (double)syncNanos / syncs;
            extras.put("syncL_us", syncLatencyNanos / 1e3);
            extras.put("nstar", nstarMean);
            extras.put("nstar_ideal", Math.sqrt(2 * syncLatencyNanos * rate / 1e9));
        }
    }
}

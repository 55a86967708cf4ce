package dev.mmwal.bench;

import dev.mmwal.bench.peers.CommitLog;
import dev.mmwal.bench.peers.Committer;
import dev.mmwal.bench.peers.Systems;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.DiskStats;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.LatencyHistograms;
import dev.mmwal.bench.support.Payloads;
import dev.mmwal.bench.support.ResultSink;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durable commits, closed loop: each benchmark thread appends a record and waits until it is
 * durable, then starts the next. Commits/s is JMH's throughput; every commit's latency goes into
 * the thread's HdrHistogram (two {@code nanoTime} calls against ~100 us commits), merged over the
 * measurement iterations and reported through {@link ResultSink} with syncs per commit, commits
 * per sync, device bytes written per commit and, for mmwal, the flusher's N*, L and λ.
 *
 * <p>Thread counts 1, 4, 16, 64 with {@code -t}. One log per trial (commit rates are disk-bound,
 * so a trial writes at most a few hundred MB).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.CHRONICLE_REF, JvmArgs.CHRONICLE_NIO,
    JvmArgs.CHRONICLE_REFLECT, JvmArgs.CHRONICLE_NO_ANALYTICS, JvmArgs.CHRONICLE_NO_DISK_MONITOR, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Benchmark)
public class DurableCommitBenchmark {
    @Param({"mmwal-nstar", "mmwal-greedy", "mmwal-linger", "mmwal-staged", "mmwal-park", "mmwal-fdatasync", "rocksdb", "chronicle", "fc-force", "fc-group", "fdatasync-page", "fdatasync-clean"})
    public String system;

    @Param({"64", "1024"})
    public int payload;

    private Path dir;
    private CommitLog log;
    private final LatencyHistograms latencies = new LatencyHistograms();
    private final AtomicInteger openCommitters = new AtomicInteger();
    private long syncsAtStart;
    private long diskAtStart;
    private long measuredSyncs;
    private long measuredDiskBytes;
    private boolean measuring;

    @Setup(Level.Trial)
    public void openLog() {
        dir = BenchDirs.create("commit-" + system);
        log = Systems.commit(system, dir, Payloads.random(payload, 42));
    }

    @Setup(Level.Iteration)
    public void startIteration(final IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        syncsAtStart = log.syncs();
        diskAtStart = DiskStats.bytesWritten();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        if (measuring) {
            measuredSyncs += log.syncs() - syncsAtStart;
            measuredDiskBytes += DiskStats.bytesWritten() - diskAtStart;
        }
    }

    @TearDown(Level.Trial)
    public void closeLog(final BenchmarkParams params) {
        AppendBenchmark.awaitAppendersClosed(openCommitters);
        final Map<String, Double> extras = new TreeMap<>();
        final Histogram merged = latencies.merged();
        LatencyHistograms.summarize(merged, extras);
        final long commits = merged.getTotalCount();
        if (commits > 0 && measuredSyncs >= 0) {
            extras.put("syncs_per_commit", (double)measuredSyncs / commits);
            extras.put("commits_per_sync", measuredSyncs == 0 ? 0 : (double)commits / measuredSyncs);
        }
        if (commits > 0 && diskAtStart >= 0) {
            extras.put("disk_bytes_per_commit", (double)measuredDiskBytes / commits);
        }
        log.addStats(extras);
        try {
            log.close();
        } finally {
            BenchDirs.delete(dir);
        }
        ResultSink.write(params, extras);
    }

    /** One thread's committer and latency histogram. */
    @State(Scope.Thread)
    public static class Client {
        Committer committer;
        Histogram histogram;
        boolean recording;
        private AtomicInteger open;

        @Setup(Level.Trial)
        public void open(final DurableCommitBenchmark benchmark) {
            open = benchmark.openCommitters;
            open.incrementAndGet();
            committer = benchmark.log.committer();
            histogram = benchmark.latencies.newThreadHistogram();
        }

        @Setup(Level.Iteration)
        public void startIteration(final IterationParams iteration) {
            recording = iteration.getType() == IterationType.MEASUREMENT;
        }

        @TearDown(Level.Trial)
        public void close() {
            try {
                committer.close();
            } finally {
                open.decrementAndGet();
            }
        }
    }

    @Benchmark
    public long commit(final Client client) {
        final long start = System.nanoTime();
        final long result = client.committer.commit();
        if (client.recording) {
            client.histogram.recordValue(System.nanoTime() - start);
        }
        return result;
    }
}

package dev.mmwal.bench;

import dev.mmwal.bench.peers.AppendLog;
import dev.mmwal.bench.peers.Appender;
import dev.mmwal.bench.peers.Systems;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.Payloads;
import dev.mmwal.bench.support.ResultSink;
import dev.mmwal.bench.support.ThreadFaults;
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
 * Appends without sync: records must survive a process crash, not a power loss. Same payload
 * bytes for every system; each measurement iteration writes into a fresh log (opened before it,
 * closed and deleted after it), so disk use stays bounded by one iteration's output and no system
 * is measured on a log another iteration filled.
 *
 * <p>Run in {@link Mode#Throughput} for appends/s (with {@code -prof gc} for bytes allocated per
 * append) and in {@link Mode#SampleTime} for latency percentiles; thread count 1 or 2 with
 * {@code -t}. What closing an mmwal log costs (syncing the whole iteration's output) is outside
 * the measurement, as are Chronicle's and RocksDB's close.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.CHRONICLE_REF, JvmArgs.CHRONICLE_NIO,
    JvmArgs.CHRONICLE_REFLECT, JvmArgs.CHRONICLE_NO_ANALYTICS, JvmArgs.CHRONICLE_NO_DISK_MONITOR, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@State(Scope.Benchmark)
public class AppendBenchmark {
    @Param({"mmwal-copy", "mmwal-claim", "mmwal-claim-cb", "mmwal-copy-nopretouch", "chronicle", "rocksdb", "filechannel", "memcpy", "memcpy-crc"})
    public String system;

    @Param({"64", "1024"})
    public int payload;

    private byte[] bytes;
    private Path dir;
    private AppendLog log;
    /** Appenders open on the current log: JMH may run one thread's teardown beside another's. */
    private final AtomicInteger openAppenders = new AtomicInteger();
    private long measuredRetries;
    /** Page faults taken by the appending threads themselves, and their appends, over the measured iterations. */
    private final java.util.concurrent.atomic.LongAdder appenderFaults = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder appenderOps = new java.util.concurrent.atomic.LongAdder();
    private long measuredBytesOnDisk;
    private int measuredIterations;

    @Setup(Level.Trial)
    public void prepare() {
        bytes = Payloads.random(payload, 42);
    }

    @Setup(Level.Iteration)
    public void openLog() {
        dir = BenchDirs.create("append-" + system);
        log = Systems.append(system, dir, bytes);
    }

    @TearDown(Level.Iteration)
    public void closeLog(final IterationParams iteration) {
        awaitAppendersClosed(openAppenders);
        final long retries = log.retries();
        log.close();
        final long onDisk = BenchDirs.sizeOf(dir);
        BenchDirs.delete(dir);
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredRetries += retries;
            measuredBytesOnDisk += onDisk;
            measuredIterations++;
        }
    }

    /** Waits (bounded) until every thread closed its appender: JMH's teardown barrier does not cover helpers. */
    static void awaitAppendersClosed(final AtomicInteger open) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (open.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("benchmark threads did not close their handles: open=" + open.get());
            }
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void report(final BenchmarkParams params) {
        final Map<String, Double> extras = new TreeMap<>();
        extras.put("retries", (double)measuredRetries);
        final long ops = appenderOps.sum();
        extras.put("appender_faults_per_op", ops == 0 ? Double.NaN : (double)appenderFaults.sum() / ops);
        extras.put("dir_bytes_per_iteration", measuredIterations == 0 ? 0 : (double)measuredBytesOnDisk / measuredIterations);
        ResultSink.write(params, extras);
    }

    /**
     * One benchmark thread's appender, re-created for each iteration's fresh log. It counts its own
     * appends and the page faults its thread took between iteration setup and teardown (JMH runs a
     * thread-scoped state's setup and teardown on that thread), so faults per append are the
     * appender's, not the whole process's.
     */
    @State(Scope.Thread)
    public static class Writer {
        Appender appender;
        AtomicInteger open;
        AppendBenchmark benchmark;
        long ops;
        long faultsAtStart;

        @Setup(Level.Iteration)
        public void open(final AppendBenchmark benchmark) {
            this.benchmark = benchmark;
            open = benchmark.openAppenders;
            open.incrementAndGet();
            appender = benchmark.log.appender();
            ops = 0;
            faultsAtStart = ThreadFaults.current();
        }

        @TearDown(Level.Iteration)
        public void close(final IterationParams iteration) {
            final long faultsAtEnd = ThreadFaults.current();
            try {
                appender.close();
            } finally {
                open.decrementAndGet();
            }
            if (iteration.getType() == IterationType.MEASUREMENT && faultsAtStart >= 0 && faultsAtEnd >= 0) {
                benchmark.appenderFaults.add(faultsAtEnd - faultsAtStart);
                benchmark.appenderOps.add(ops);
            }
        }
    }

    @Benchmark
    public long append(final Writer writer) {
        writer.ops++;
        return writer.appender.append();
    }
}

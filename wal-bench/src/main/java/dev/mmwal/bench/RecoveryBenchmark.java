package dev.mmwal.bench;

import dev.mmwal.RecoveryReport;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.MmwalConfigs;
import dev.mmwal.bench.support.PageCache;
import dev.mmwal.bench.support.Payloads;
import dev.mmwal.bench.support.ResultSink;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Recovery time versus log size: {@link Wal#open(WalConfig)} of an existing log of
 * {@code logMiB} MiB (1 KiB records, closed cleanly after the last append, last segment left
 * partly filled). One invocation is one open; the log is closed again outside the measurement.
 * {@code cache=cold} drops the log's pages from the page cache before each open
 * ({@code posix_fadvise DONTNEED} on its files only), {@code hot} leaves them cached. Reports the
 * open's wall time (JMH's score) and the log's own {@link RecoveryReport#durationNanos()} and
 * scanned record count.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.CHRONICLE_REF, JvmArgs.CHRONICLE_NIO,
    JvmArgs.CHRONICLE_REFLECT, JvmArgs.CHRONICLE_NO_ANALYTICS, JvmArgs.CHRONICLE_NO_DISK_MONITOR, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
@State(Scope.Benchmark)
public class RecoveryBenchmark {
    private static final int RECORD = 1024;

    @Param({"64", "1024"})
    public int logMiB;

    @Param({"hot", "cold"})
    public String cache;

    private Path dir;
    private Wal wal;
    private boolean measuring;
    private final long[] reportNanos = new long[64];
    private int reports;
    private long scanned;

    @Setup(Level.Trial)
    public void writeLog() {
        dir = BenchDirs.create("recovery-" + logMiB);
        final byte[] payload = Payloads.random(RECORD, 42);
        try (Wal log = Wal.open(config())) {
            final long target = (long)logMiB << 20;
            while (log.tailLsn() < target - RECORD * 2L) {
                log.append(payload);
            }
        }
    }

    private WalConfig config() {
        return MmwalConfigs.builder(dir).maxUnsyncedNanos(0).build();
    }

    @Setup(Level.Invocation)
    public void prepareOpen(final IterationParams iteration) throws IOException {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        if ("cold".equals(cache)) {
            PageCache.dropDirectory(dir);
        }
    }

    @TearDown(Level.Invocation)
    public void closeAgain() {
        final RecoveryReport report = wal.recoveryReport();
        if (measuring && reports < reportNanos.length) {
            reportNanos[reports++] = report.durationNanos();
            scanned = report.records();
        }
        wal.close();
        wal = null;
    }

    @TearDown(Level.Trial)
    public void deleteLog(final BenchmarkParams params) {
        final Map<String, Double> extras = new TreeMap<>();
        extras.put("dir_bytes", (double)BenchDirs.sizeOf(dir));
        extras.put("records_scanned", (double)scanned);
        if (reports > 0) {
            final long[] sorted = Arrays.copyOf(reportNanos, reports);
            Arrays.sort(sorted);
            extras.put("report_p50_ms", sorted[reports / 2] / 1e6);
        }
        BenchDirs.delete(dir);
        ResultSink.write(params, extras);
    }

    @Benchmark
    public long open() {
        wal = Wal.open(config());
        return wal.tailLsn();
    }
}

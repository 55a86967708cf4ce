package dev.mmwal.bench;

import dev.mmwal.AppendClaim;
import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalReader;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.LatencyHistograms;
import dev.mmwal.bench.support.MmwalConfigs;
import dev.mmwal.bench.support.Payloads;
import dev.mmwal.bench.support.ResultSink;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
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

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Publish-to-read latency: the benchmark thread publishes one record every {@code 1/rate}
 * seconds (spin-paced), stamping {@code nanoTime} into the payload just before it commits the
 * record; a tailer thread busy-polls the log and records, for every record, the time from that
 * stamp to its delivery. mmwal's reader follows published records (no sync on the path; the
 * flusher syncs in the background, default {@code maxUnsyncedNanos}); Chronicle's tailer the same.
 *
 * <p>One invocation is one run of {@code durationMs}: {@link Mode#SingleShotTime}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.CHRONICLE_REF, JvmArgs.CHRONICLE_NIO,
    JvmArgs.CHRONICLE_REFLECT, JvmArgs.CHRONICLE_NO_ANALYTICS, JvmArgs.CHRONICLE_NO_DISK_MONITOR, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 2, batchSize = 1)
@State(Scope.Benchmark)
public class TailerLatencyBenchmark {
    @Param({"mmwal", "chronicle"})
    public String system;

    @Param({"64"})
    public int payload;

    /** Records published per second. */
    @Param({"100000"})
    public int rate;

    @Param({"2000"})
    public int durationMs;

    private Path dir;
    private byte[] bytes;
    private Wal wal;
    private ChronicleQueue queue;
    private final Histogram measured = LatencyHistograms.newHistogram();
    private boolean measuring;

    @Setup(Level.Trial)
    public void open() {
        dir = BenchDirs.create("tail-" + system);
        bytes = Payloads.random(payload, 42);
        switch (system) {
            case "mmwal" -> wal = Wal.open(MmwalConfigs.builder(dir).build());
            case "chronicle" -> queue = ChronicleQueue.singleBuilder(dir).build();
            default -> throw new IllegalArgumentException("unknown tailer system: system=" + system);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(final IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Trial)
    public void close(final BenchmarkParams params) {
        if (wal != null) {
            wal.close();
        }
        if (queue != null) {
            queue.close();
        }
        BenchDirs.delete(dir);
        final Map<String, Double> extras = new TreeMap<>();
        LatencyHistograms.summarize(measured, extras);
        ResultSink.write(params, extras);
    }

    @Benchmark
    public long run() throws InterruptedException {
        final long total = (long)rate * durationMs / 1000;
        final Histogram histogram = LatencyHistograms.newHistogram();
        final Tailer tailer = wal != null ? new MmwalTailer(wal, histogram, total) : new ChronicleTailer(queue, histogram, total);
        final Thread thread = Thread.ofPlatform().name("tailer").start(tailer);
        tailer.awaitReady();
        if (wal != null) {
            publishMmwal(total);
        } else {
            publishChronicle(total);
        }
        thread.join();
        if (tailer.failure != null) {
            throw new IllegalStateException("tailer failed", tailer.failure);
        }
        if (measuring) {
            measured.add(histogram);
        }
        return histogram.getTotalCount();
    }

    private void publishMmwal(final long total) {
        final AppendClaim claim = new AppendClaim();
        final long interval = 1_000_000_000L / rate;
        final long start = System.nanoTime();
        for (long k = 0; k < total; k++) {
            final long scheduled = start + k * interval;
            while (System.nanoTime() < scheduled) {
                Thread.onSpinWait();
            }
            while (wal.tryClaim(payload, claim) < 0) {
                Thread.onSpinWait();
            }
            final MemorySegment buffer = claim.buffer();
            final long at = claim.payloadOffset();
            MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, at, payload);
            buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, at, System.nanoTime());
            claim.commit();
        }
    }

    private void publishChronicle(final long total) {
        final long interval = 1_000_000_000L / rate;
        try (ExcerptAppender appender = queue.createAppender()) {
            final long start = System.nanoTime();
            for (long k = 0; k < total; k++) {
                final long scheduled = start + k * interval;
                while (System.nanoTime() < scheduled) {
                    Thread.onSpinWait();
                }
                try (DocumentContext document = appender.writingDocument()) {
                    final Bytes<?> out = document.wire().bytes();
                    out.writeLong(System.nanoTime());
                    out.write(bytes, Long.BYTES, payload - Long.BYTES);
                }
            }
        }
    }

    /** Polls from the current end of the log and records publish-to-read latency for {@code total} records. */
    private abstract static class Tailer implements Runnable {
        final Histogram histogram;
        final long total;
        volatile boolean ready;
        volatile Throwable failure;

        Tailer(final Histogram histogram, final long total) {
            this.histogram = histogram;
            this.total = total;
        }

        void awaitReady() {
            while (!ready) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void run() {
            try {
                follow();
            } catch (final Throwable ex) {
                failure = ex;
            }
        }

        abstract void follow();
    }

    private static final class MmwalTailer extends Tailer {
        private final Wal wal;

        MmwalTailer(final Wal wal, final Histogram histogram, final long total) {
            super(histogram, total);
            this.wal = wal;
        }

        @Override
        void follow() {
            final WalReader reader = wal.reader(wal.tailLsn());
            final LogRecord record = new LogRecord();
            ready = true;
            long seen = 0;
            while (seen < total) {
                if (reader.next(record)) {
                    final long published = record.buffer().get(ValueLayout.JAVA_LONG_UNALIGNED, record.payloadOffset());
                    histogram.recordValue(Math.max(0, System.nanoTime() - published));
                    seen++;
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static final class ChronicleTailer extends Tailer {
        private final ChronicleQueue queue;

        ChronicleTailer(final ChronicleQueue queue, final Histogram histogram, final long total) {
            super(histogram, total);
            this.queue = queue;
        }

        @Override
        void follow() {
            try (ExcerptTailer tailer = queue.createTailer().toEnd()) {
                ready = true;
                long seen = 0;
                while (seen < total) {
                    try (DocumentContext document = tailer.readingDocument()) {
                        if (document.isPresent()) {
                            final long published = document.wire().bytes().readLong();
                            histogram.recordValue(Math.max(0, System.nanoTime() - published));
                            seen++;
                            continue;
                        }
                    }
                    Thread.onSpinWait();
                }
            }
        }
    }
}

package dev.mmwal.cli.demo;

import dev.mmwal.WalMetrics;
import dev.mmwal.cli.Units;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints a progress line every second while the committers run: commits/s, commit latency, the
 * realised batch, and the flusher's L, λ and N*. On a terminal the line rewrites itself; otherwise
 * (a pipe, a file, CI) each second gets its own plain line. It is also the single reader of the
 * latency {@link Recorder}, and accumulates every interval into the run's total histogram.
 */
public final class LiveProgress {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintWriter out;
    private final String unit;
    private final boolean terminal;
    private final Recorder recorder;
    private final WalMetrics metrics;
    private final Histogram total = new Histogram(3);
    private final long startNanos = System.nanoTime();
    private Histogram interval;
    private Thread thread;
    private volatile boolean running = true;
    private long lastSyncs;
    private long lastCommitsSynced;
    private long lastNanos = startNanos;

    /** @param out where to print, or null to print nothing (JSON output). */
    LiveProgress(final PrintWriter out, final boolean terminal, final Recorder recorder, final WalMetrics metrics) {
        this(out, "commits", terminal, recorder, metrics);
    }

    /** @param unit what a recorded latency counts ("commits", "transfers"), for the rate. */
    public LiveProgress(final PrintWriter out, final String unit, final boolean terminal, final Recorder recorder, final WalMetrics metrics) {
        this.out = out;
        this.unit = unit;
        this.terminal = terminal;
        this.recorder = recorder;
        this.metrics = metrics;
    }

    public void start() {
        thread = Thread.ofPlatform().name("demo-progress").daemon().start(this::loop);
    }

    private void loop() {
        long next = startNanos + INTERVAL_NANOS;
        while (running) {
            final long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(Math.min(next - now, 50_000_000L));
                continue;
            }
            next += INTERVAL_NANOS;
            tick(now);
        }
    }

    private void tick(final long now) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        final long syncs = metrics.syncs();
        final long commitsSynced = metrics.commitsSynced();
        final double seconds = (now - lastNanos) / 1e9;
        final double perSync = syncs > lastSyncs ? (double)(commitsSynced - lastCommitsSynced) / (syncs - lastSyncs) : 0;
        lastSyncs = syncs;
        lastCommitsSynced = commitsSynced;
        lastNanos = now;
        if (out == null) {
            return;
        }
        final String line = String.format(Locale.ROOT, "  [%4.1fs] %8s " + unit + "/s | commit p50 %8s, p99 %8s | %5.1f commits/sync | L %8s, lambda %8s/s, N* %4.1f",
            (now - startNanos) / 1e9, Units.decimal(interval.getTotalCount() / seconds), Units.nanos(interval.getValueAtPercentile(50)),
            Units.nanos(interval.getValueAtPercentile(99)), perSync, Units.nanos(metrics.syncLatencyNanos()),
            Units.decimal(metrics.arrivalRatePerSecond()), metrics.targetBatch());
        if (terminal) {
            out.print("\r" + line + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Stops printing and returns every latency recorded since the start. Call after the committers stopped. */
    public Histogram stop() throws InterruptedException {
        running = false;
        thread.join();
        total.add(recorder.getIntervalHistogram(interval));
        if (out != null && terminal) {
            out.println();
            out.flush();
        }
        return total;
    }
}

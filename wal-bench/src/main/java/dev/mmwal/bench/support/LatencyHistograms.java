package dev.mmwal.bench.support;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Latency recording for many threads: each thread records into its own {@link Histogram} (no
 * sharing on the hot path); {@link #merged()} adds them up once recording has stopped.
 *
 * <p>Threads: {@link #newThreadHistogram()} from any thread; each histogram is written by its own
 * thread only; {@link #merged()} only after every writer stopped and a happens-before edge from
 * their last record (JMH's iteration barrier gives one).
 */
public final class LatencyHistograms {
    /** Latencies up to one minute, 3 significant digits, in nanoseconds. */
    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private final ConcurrentLinkedQueue<Histogram> histograms = new ConcurrentLinkedQueue<>();

    /** A histogram for the calling thread, registered for merging. */
    public Histogram newThreadHistogram() {
        final Histogram histogram = newHistogram();
        histograms.add(histogram);
        return histogram;
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_NANOS, 3);
    }

    /** The sum of every thread's histogram. */
    public Histogram merged() {
        final Histogram total = newHistogram();
        for (final Histogram histogram : histograms) {
            total.add(histogram);
        }
        return total;
    }

    /** Clears every thread's histogram (between warmup and measurement). */
    public void reset() {
        for (final Histogram histogram : histograms) {
            histogram.reset();
        }
    }

    /** Puts p50, p90, p99, p99.9, max (microseconds) and the count of {@code histogram} into {@code out}. */
    public static void summarize(final Histogram histogram, final Map<String, Double> out) {
        out.put("count", (double)histogram.getTotalCount());
        if (histogram.getTotalCount() == 0) {
            return;
        }
        out.put("p50_us", histogram.getValueAtPercentile(50) / 1e3);
        out.put("p90_us", histogram.getValueAtPercentile(90) / 1e3);
        out.put("p99_us", histogram.getValueAtPercentile(99) / 1e3);
        out.put("p999_us", histogram.getValueAtPercentile(99.9) / 1e3);
        out.put("max_us", histogram.getMaxValue() / 1e3);
        out.put("mean_us", histogram.getMean() / 1e3);
    }
}

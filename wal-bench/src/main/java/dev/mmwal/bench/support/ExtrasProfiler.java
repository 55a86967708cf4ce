package dev.mmwal.bench.support;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Puts mmwal's extras (HdrHistogram percentiles, syncs per commit, N*, device bytes...) into JMH's
 * own results as secondary metrics, so {@code -rf json} shows them under {@code secondaryMetrics}
 * beside {@code gc.alloc.rate}: {@code -prof dev.mmwal.bench.support.ExtrasProfiler} (bench.sh and
 * the comparison runner add it).
 *
 * <p>A benchmark computes its extras once per trial, in its trial tear-down (percentiles of every
 * measurement iteration merged, not averaged) and hands them to {@link ResultSink#write}; JMH runs
 * that tear-down inside the last measurement iteration, before this profiler's
 * {@link #afterIteration}, which then reports them with that iteration. JMH gives every other
 * iteration a zero for a metric it did not report, so the metrics aggregate by
 * {@link AggregationPolicy#MAX} (every extra is non-negative): the score is the trial's figure as
 * computed, not an average with those zeros.
 *
 * <p>Runs in the benchmark's fork, on JMH's runner thread, after the benchmark threads stopped.
 */
public final class ExtrasProfiler implements InternalProfiler {
    /** Every metric name starts with this, to keep them apart from JMH's and other profilers'. */
    public static final String PREFIX = "mmwal.";

    @Override
    public String getDescription() {
        return "mmwal's extras (latency percentiles, syncs per commit, ...) as secondary results";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams) {
        // the benchmark records its own figures; from now on they go to JMH's results, not stdout
        ResultSink.profilerAttached();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams,
                                                       final IterationResult result) {
        final Map<String, Double> extras = ResultSink.takePending();
        final List<ScalarResult> results = new ArrayList<>();
        if (extras != null) {
            extras.forEach((name, value) -> results.add(new ScalarResult(PREFIX + name, value, unit(name), AggregationPolicy.MAX)));
        }
        return results;
    }

    /** The unit a name's suffix gives ({@code p99_us}: microseconds), else a plain number. */
    static String unit(final String name) {
        if (name.endsWith("_us")) {
            return "us";
        }
        if (name.endsWith("_per_s")) {
            return "ops/s";
        }
        if (name.contains("bytes")) {
            return "B";
        }
        return "#";
    }
}

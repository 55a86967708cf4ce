package dev.mmwal.bench.report;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JMH invocation of the plan: a benchmark method, mode, thread count, parameter values and
 * iteration counts. Iteration times are ignored in {@link Mode#SingleShotTime}.
 *
 * @param scenario    the table the results go to.
 * @param benchmark   the benchmark method, {@code Class.method}.
 * @param mode        throughput, sample time or single shot.
 * @param threads     benchmark threads.
 * @param params      parameter name to the values to run (every combination runs).
 * @param warmups     warmup iterations.
 * @param warmupTime  length of one warmup iteration.
 * @param measurements measurement iterations.
 * @param measureTime length of one measurement iteration.
 * @param gcProfiler  whether to add JMH's GC profiler (bytes allocated per operation).
 */
record Run(String scenario, String benchmark, Mode mode, int threads, Map<String, String[]> params,
           int warmups, TimeValue warmupTime, int measurements, TimeValue measureTime, boolean gcProfiler) {

    /** Starts a run description with one iteration of one second of each kind. */
    static Run of(final String scenario, final String benchmark, final Mode mode) {
        return new Run(scenario, benchmark, mode, 1, new LinkedHashMap<>(), 1, TimeValue.seconds(1), 1, TimeValue.seconds(1), false);
    }

    Run threads(final int count) {
        return new Run(scenario, benchmark, mode, count, params, warmups, warmupTime, measurements, measureTime, gcProfiler);
    }

    Run param(final String name, final String... values) {
        final Map<String, String[]> copy = new LinkedHashMap<>(params);
        copy.put(name, values);
        return new Run(scenario, benchmark, mode, threads, copy, warmups, warmupTime, measurements, measureTime, gcProfiler);
    }

    Run iterations(final int warmupCount, final TimeValue warmupLength, final int measureCount, final TimeValue measureLength) {
        return new Run(scenario, benchmark, mode, threads, params, warmupCount, warmupLength, measureCount, measureLength, gcProfiler);
    }

    Run gc() {
        return new Run(scenario, benchmark, mode, threads, params, warmups, warmupTime, measurements, measureTime, true);
    }

    /** Forks this run starts: one per parameter combination. */
    int forks() {
        int combinations = 1;
        for (final String[] values : params.values()) {
            combinations *= values.length;
        }
        return combinations;
    }
}

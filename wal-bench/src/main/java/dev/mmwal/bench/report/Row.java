package dev.mmwal.bench.report;

import org.openjdk.jmh.annotations.Mode;

import java.util.Map;

/**
 * One benchmark run's figures, as the report needs them.
 *
 * @param scenario  the plan's scenario.
 * @param benchmark {@code Class.method}.
 * @param mode      JMH mode.
 * @param threads   benchmark threads.
 * @param params    JMH parameters.
 * @param median    the median of the measurement iterations' scores (JMH's unit for the mode).
 * @param allocPerOp bytes allocated per operation ({@code gc.alloc.rate.norm}, whole JVM), NaN without {@code -prof gc}.
 * @param faultsPerOp page faults per operation (perf, whole process), NaN where perf is not usable.
 * @param p50       {@link Mode#SampleTime} only: the median operation time, ns; else NaN.
 * @param p99       as p50, 99th percentile.
 * @param p999      as p50, 99.9th percentile.
 * @param extras    what the fork reported through the side channel (percentiles, syncs, sizes).
 */
record Row(String scenario, String benchmark, Mode mode, int threads, Map<String, String> params, double median,
           double allocPerOp, double faultsPerOp, double p50, double p99, double p999, Map<String, Double> extras) {

    String param(final String name) {
        return params.getOrDefault(name, "");
    }

    String system() {
        return param("system");
    }

    /** An extra by name, NaN when the fork did not report it. */
    double extra(final String name) {
        final Double value = extras.get(name);
        return value == null ? Double.NaN : value;
    }
}

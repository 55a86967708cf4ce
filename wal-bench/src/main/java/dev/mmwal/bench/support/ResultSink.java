package dev.mmwal.bench.support;

import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The side channel from a benchmark fork to the runner for what JMH's own results cannot carry:
 * latency percentiles recorded in HdrHistogram, syncs per commit, batch sizes, device bytes.
 *
 * <p>Every run's extras go into JMH's own results when {@link ExtrasProfiler} is attached
 * ({@code -prof dev.mmwal.bench.support.ExtrasProfiler}): {@link #write} leaves them for it. A fork
 * also appends one line per run to the file named by the system property
 * {@code mmwal.bench.results}: the run's {@link #key(BenchmarkParams) key}, a tab, then
 * {@code name=value} pairs separated by tabs. Without the property and without the profiler the
 * line goes to standard output, so a plain {@code java -jar benchmarks.jar} run still shows it.
 * Forks run one at a time, so appends never interleave.
 */
public final class ResultSink {
    /** Property naming the extras file. */
    public static final String RESULTS_PROPERTY = "mmwal.bench.results";

    /** The extras of the run that just ended, until the profiler takes them. */
    private static final AtomicReference<Map<String, Double>> PENDING = new AtomicReference<>();
    private static volatile boolean profilerAttached;

    private ResultSink() {
    }

    /** Called when {@link ExtrasProfiler} is created in this fork. */
    static void profilerAttached() {
        profilerAttached = true;
    }

    /** The extras written since the last call, or null; {@link ExtrasProfiler} takes them after each iteration. */
    static Map<String, Double> takePending() {
        return PENDING.getAndSet(null);
    }

    /** Identifies one run: benchmark method, mode, thread count and every parameter, sorted. */
    public static String key(final BenchmarkParams params) {
        final Map<String, String> sorted = new TreeMap<>();
        for (final String name : params.getParamsKeys()) {
            sorted.put(name, params.getParam(name));
        }
        return key(params.getBenchmark(), params.getMode().shortLabel(), params.getThreads(), sorted);
    }

    /** The same key, from its parts (the runner rebuilds it from a JMH result). */
    public static String key(final String benchmark, final String mode, final int threads, final Map<String, String> params) {
        final StringBuilder key = new StringBuilder(benchmark).append('|').append(mode).append("|t=").append(threads);
        new TreeMap<>(params).forEach((name, value) -> key.append('|').append(name).append('=').append(value));
        return key.toString();
    }

    /** Writes one run's extras. */
    public static void write(final BenchmarkParams params, final Map<String, Double> values) {
        final StringBuilder line = new StringBuilder(key(params));
        new TreeMap<>(values).forEach((name, value) -> line.append('\t').append(name).append('=')
            .append(String.format(Locale.ROOT, "%.6g", value)));
        line.append('\n');
        PENDING.set(new TreeMap<>(values));
        final String file = System.getProperty(RESULTS_PROPERTY);
        if (file == null) {
            if (!profilerAttached) {
                System.out.print("# mmwal extras (add -prof " + ExtrasProfiler.class.getName() + " to get them in JMH's results): " + line);
            }
            return;
        }
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot write benchmark extras: file=" + file, ex);
        }
    }

    /** Reads every line of an extras file into key -> (name -> value); later lines win. */
    public static Map<String, Map<String, Double>> read(final Path file) {
        final Map<String, Map<String, Double>> all = new TreeMap<>();
        if (!Files.exists(file)) {
            return all;
        }
        try {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                final String[] fields = line.split("\t");
                final Map<String, Double> values = new TreeMap<>();
                for (int i = 1; i < fields.length; i++) {
                    final int eq = fields[i].indexOf('=');
                    values.put(fields[i].substring(0, eq), Double.parseDouble(fields[i].substring(eq + 1)));
                }
                all.put(fields[0], values);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot read benchmark extras: file=" + file, ex);
        }
        return all;
    }
}

package dev.mmwal.bench.report;

import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.ExtrasProfiler;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.ResultSink;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.LinuxPerfNormProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the side-by-side comparison and prints one table per scenario: mmwal, every peer, the
 * ratio mmwal/peer, and the physical baselines.
 *
 * <pre>
 *   java -cp wal-bench/target/benchmarks.jar dev.mmwal.bench.report.Compare quick|full
 *        [--only=append,commit,sweep,scan,tail,recovery,bank,kvops] [--out=DIR] [--dry-run]
 * </pre>
 * (or {@code ./bench.sh quick|full}, which builds first). Every benchmark runs through JMH's API
 * in its own fork, one at a time. JMH's own log goes to {@code DIR/jmh-NN-scenario.log} (one per
 * run of the plan, so a failed fork's stack trace survives), the side-channel
 * figures to {@code DIR/extras.tsv}, the tables to the console and to {@code DIR/report.md}.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(final String[] args) throws IOException, RunnerException {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: Compare quick|full [--only=append,commit,sweep,scan,tail,recovery,bank,kvops] [--out=DIR] [--dry-run]");
            System.exit(2);
        }
        final String plan = args[0];
        Set<String> only = null;
        Path out = Path.of("wal-bench", "target", "bench-results",
            plan + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        boolean dryRun = false;
        for (final String arg : Arrays.copyOfRange(args, 1, args.length)) {
            if (arg.startsWith("--only=")) {
                only = new HashSet<>(List.of(arg.substring("--only=".length()).split(",")));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.equals("--dry-run")) {
                dryRun = true;
            } else {
                throw new IllegalArgumentException("unknown option: arg=" + arg);
            }
        }
        final List<Run> runs = new ArrayList<>();
        for (final Run run : Plans.of(plan)) {
            if (only == null || only.contains(run.scenario())) {
                runs.add(run);
            }
        }
        final int forks = runs.stream().mapToInt(Run::forks).sum();
        System.out.printf("mmwal comparison, plan=%s: %d runs, %d forks; data under %s%n", plan, runs.size(), forks, BenchDirs.base());
        if (dryRun) {
            runs.forEach(run -> System.out.printf("  %-8s %-32s %-10s t=%-3d %s%n", run.scenario(), run.benchmark(), run.mode().shortLabel(),
                run.threads(), describe(run.params())));
            return;
        }
        Files.createDirectories(out.toAbsolutePath());
        final Path extrasFile = out.resolve("extras.tsv").toAbsolutePath();
        final Machine machine = Machine.describe(BenchDirs.base());
        final long started = System.nanoTime();
        final boolean perf = perfWorks();
        if (!perf) {
            System.out.println("perf stat is not usable here: page faults per operation are left out");
        }
        final List<RunResult> results = new ArrayList<>();
        int index = 0;
        for (final Run run : runs) {
            index++;
            System.out.printf("[%d/%d] %s: %s %s t=%d %s (%d forks)%n", index, runs.size(), run.scenario(), run.benchmark(),
                run.mode().shortLabel(), run.threads(), describe(run.params()), run.forks());
            final long runStart = System.nanoTime();
            final Path jmhLog = out.resolve(String.format("jmh-%02d-%s.log", index, run.scenario())).toAbsolutePath();
            results.addAll(runOne(run, extrasFile, jmhLog, perf));
            System.out.printf("      %.0f s%n", (System.nanoTime() - runStart) / 1e9);
        }
        final double minutes = (System.nanoTime() - started) / 60e9;
        final List<Row> rows = toRows(results, runs, ResultSink.read(extrasFile));
        final Report report = new Report(rows);
        final List<Table> tables = report.tables();
        final StringBuilder markdown = new StringBuilder();
        final String header = String.format("Plan `%s`, %s, %.1f minutes, %d forks. %s", plan,
            LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16), minutes, forks, machine.summary());
        System.out.println();
        System.out.println(header);
        markdown.append(header).append("\n\n");
        for (final Table table : tables) {
            System.out.print(table.text());
            markdown.append(table.markdown());
        }
        Files.writeString(out.resolve("report.md"), markdown.toString(), StandardCharsets.UTF_8);
        System.out.printf("%nreport: %s%nJMH logs: %s%nextras: %s%n", out.resolve("report.md"), out.resolve("jmh-*.log"), extrasFile);
    }

    private static String describe(final Map<String, String[]> params) {
        final StringBuilder text = new StringBuilder();
        params.forEach((name, values) -> text.append(name).append('=').append(String.join(",", values)).append(' '));
        return text.toString().trim();
    }

    /** Whether {@code perf stat} can count page faults here (JMH's perfnorm profiler needs it). */
    private static boolean perfWorks() {
        try {
            final Process process = new ProcessBuilder("perf", "stat", "-e", "page-faults", "true").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (final IOException ex) {
            return false;
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Collection<RunResult> runOne(final Run run, final Path extrasFile, final Path jmhLog, final boolean perf) throws RunnerException {
        final List<String> jvmArgs = new ArrayList<>(JvmArgs.all());
        jvmArgs.add("-D" + ResultSink.RESULTS_PROPERTY + "=" + extrasFile);
        jvmArgs.add("-D" + BenchDirs.DIR_PROPERTY + "=" + BenchDirs.base());
        // Benchmark knobs given to the runner (-Dmmwal.bench.pretouchBytes=0, say) reach every fork.
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("mmwal.bench.")
            && !name.equals(BenchDirs.DIR_PROPERTY) && !name.equals(ResultSink.RESULTS_PROPERTY))
            .sorted().forEach(name -> jvmArgs.add("-D" + name + "=" + System.getProperty(name)));
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include("^\\Qdev.mmwal.bench." + run.benchmark() + "\\E$")
            .mode(run.mode())
            .threads(run.threads())
            .forks(1)
            .warmupIterations(run.warmups())
            .measurementIterations(run.measurements())
            .jvmArgsAppend(jvmArgs.toArray(String[]::new))
            .output(jmhLog.toString())
            .shouldFailOnError(false);
        if (run.mode() == Mode.SingleShotTime) {
            options.warmupBatchSize(1).measurementBatchSize(1).timeUnit(TimeUnit.MILLISECONDS);
        } else {
            options.warmupTime(run.warmupTime()).measurementTime(run.measureTime());
        }
        if (run.mode() == Mode.SampleTime) {
            options.timeUnit(TimeUnit.NANOSECONDS);
        }
        if (run.mode() == Mode.Throughput) {
            options.timeUnit(TimeUnit.SECONDS);
        }
        options.addProfiler(ExtrasProfiler.class);
        if (run.gcProfiler()) {
            options.addProfiler(GCProfiler.class);
            if (perf) {
                options.addProfiler(LinuxPerfNormProfiler.class, "events=page-faults");
            }
        }
        run.params().forEach(options::param);
        final Collection<RunResult> results = new Runner(options.build()).run();
        final int missing = run.forks() - results.size();
        if (missing > 0) {
            System.out.printf("   %d of %d forks failed: see %s%n", missing, run.forks(), jmhLog);
        }
        return results;
    }

    private static List<Row> toRows(final List<RunResult> results, final List<Run> runs, final Map<String, Map<String, Double>> extras) {
        final List<Row> rows = new ArrayList<>();
        for (final RunResult result : results) {
            final var params = result.getParams();
            final Map<String, String> values = new TreeMap<>();
            for (final String name : params.getParamsKeys()) {
                values.put(name, params.getParam(name));
            }
            final String benchmark = params.getBenchmark().substring("dev.mmwal.bench.".length());
            final String scenario = runs.stream().filter(run -> run.benchmark().equals(benchmark)).findFirst().map(Run::scenario).orElse("?");
            final Result<?> primary = result.getPrimaryResult();
            final boolean sampled = params.getMode() == Mode.SampleTime;
            final Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            final Result<?> faults = result.getSecondaryResults().get("page-faults");
            final Map<String, Double> extra = extras.getOrDefault(ResultSink.key(params), Map.of());
            rows.add(new Row(scenario, benchmark, params.getMode(), params.getThreads(), values, median(result),
                alloc == null ? Double.NaN : alloc.getScore(), faults == null ? Double.NaN : faults.getScore(),
                sampled ? primary.getStatistics().getPercentile(50) : Double.NaN,
                sampled ? primary.getStatistics().getPercentile(99) : Double.NaN,
                sampled ? primary.getStatistics().getPercentile(99.9) : Double.NaN,
                extra));
        }
        return rows;
    }

    /** The median of the measurement iterations' primary scores. */
    private static double median(final RunResult result) {
        final List<Double> scores = new ArrayList<>();
        for (final BenchmarkResult benchmark : result.getBenchmarkResults()) {
            for (final IterationResult iteration : benchmark.getIterationResults()) {
                scores.add(iteration.getPrimaryResult().getScore());
            }
        }
        if (scores.isEmpty()) {
            return result.getPrimaryResult().getScore();
        }
        scores.sort(Double::compare);
        final int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }
}

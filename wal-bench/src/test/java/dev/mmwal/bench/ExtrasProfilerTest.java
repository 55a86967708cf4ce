package dev.mmwal.bench;

import dev.mmwal.bench.support.ExtrasProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extras (HdrHistogram percentiles, syncs per commit) reach JMH's own results, and so its
 * {@code -rf json} file, as secondary metrics. One short in-process run of the cheapest peer.
 */
class ExtrasProfilerTest {
    @TempDir
    Path tmp;

    @Test
    void shouldPutPercentilesAndSyncsPerCommitIntoJmhResults() throws Exception {
        final Path json = tmp.resolve("result.json");
        final Collection<RunResult> results = new Runner(new OptionsBuilder()
            .include("^\\Qdev.mmwal.bench.DurableCommitBenchmark.commit\\E$")
            .param("system", "fc-force")
            .param("payload", "64")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(2)
            .measurementTime(TimeValue.milliseconds(200))
            .addProfiler(ExtrasProfiler.class)
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString())
            .build()).run();
        assertEquals(1, results.size());
        final var secondary = results.iterator().next().getSecondaryResults();
        for (final String name : new String[] {"mmwal.p50_us", "mmwal.p99_us", "mmwal.p999_us", "mmwal.syncs_per_commit", "mmwal.count"}) {
            assertNotNull(secondary.get(name), () -> name + " missing from " + secondary.keySet());
        }
        assertEquals("us", secondary.get("mmwal.p99_us").getScoreUnit());
        assertTrue(secondary.get("mmwal.p99_us").getScore() >= secondary.get("mmwal.p50_us").getScore());
        final String file = Files.readString(json, StandardCharsets.UTF_8);
        // two measured iterations: the score is the trial's figure, not averaged with the iteration that reported none
        assertEquals(1.0, secondary.get("mmwal.syncs_per_commit").getScore(), 1e-9, "fc-force syncs once per commit");
        final String metrics = file.substring(file.indexOf("\"secondaryMetrics\""));
        assertTrue(metrics.contains("\"mmwal.p99_us\"") && metrics.contains("\"mmwal.syncs_per_commit\""), file);
    }
}

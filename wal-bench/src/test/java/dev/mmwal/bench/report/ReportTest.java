package dev.mmwal.bench.report;

import dev.mmwal.bench.support.ResultSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void shouldShowRatiosToMmwalWhenPeersRan() {
        final List<Row> rows = List.of(
            appendRow("mmwal-copy", 8e6), appendRow("mmwal-claim", 10e6), appendRow("chronicle", 4e6),
            commitRow("mmwal-nstar", 20_000), commitRow("rocksdb", 10_000));
        final String markdown = new Report(rows).tables().stream().map(Table::markdown).reduce("", String::concat);
        assertTrue(markdown.contains("| chronicle | 4.00 |"), markdown);
        assertTrue(markdown.contains("| 2.00x | 2.50x |"), markdown);
        assertTrue(markdown.contains("| 16 | 20,000 |"), markdown);
    }

    @Test
    void shouldShowBankAndKvOpsTablesWhenKvPeersRan() {
        final List<Row> rows = List.of(
            bankRow(Mode.Throughput, "mmwal", 3000, Double.NaN), bankRow(Mode.Throughput, "lmdb", 1000, Double.NaN),
            bankRow(Mode.SampleTime, "lmdb", Double.NaN, 2_500_000),
            new Row("kvops", Plans.KV_GET, Mode.Throughput, 1, Map.of("system", "mmwal"), 200_000, 96, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Map.of()),
            new Row("kvops", Plans.KV_GET, Mode.Throughput, 1, Map.of("system", "h2"), 100_000, 300, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Map.of()));
        final String markdown = new Report(rows).tables().stream().map(Table::markdown).reduce("", String::concat);
        assertTrue(markdown.contains("| 4 | lmdb | 1,000 | 2,500 |"), markdown);
        assertTrue(markdown.contains("| 3.00x |"), markdown);
        assertTrue(markdown.contains("| get | h2 | 100,000 | 300 | 2.00x |"), markdown);
    }

    @Test
    void shouldReadBackExtrasWhenWrittenUnderTheSameKey() {
        final Path file = dir.resolve("extras.tsv");
        final String key = ResultSink.key("dev.mmwal.bench.X.y", "thrpt", 4, Map.of("system", "a", "payload", "64"));
        assertEquals("dev.mmwal.bench.X.y|thrpt|t=4|payload=64|system=a", key);
        System.setProperty(ResultSink.RESULTS_PROPERTY, file.toString());
        try {
            java.nio.file.Files.writeString(file, key + "\tp99_us=12.5\tcount=3\n");
            assertEquals(12.5, ResultSink.read(file).get(key).get("p99_us"));
        } catch (final java.io.IOException ex) {
            throw new AssertionError(ex);
        } finally {
            System.clearProperty(ResultSink.RESULTS_PROPERTY);
        }
    }

    private static Row appendRow(final String system, final double opsPerSecond) {
        return new Row("append", Plans.APPEND, Mode.Throughput, 1, Map.of("system", system, "payload", "64"), opsPerSecond,
            0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of());
    }

    private static Row bankRow(final Mode mode, final String system, final double opsPerSecond, final double p50Nanos) {
        return new Row("bank", Plans.BANK, mode, 4, Map.of("system", system), opsPerSecond, 1000, Double.NaN, p50Nanos, p50Nanos * 2,
            Double.NaN, Map.of());
    }

    private static Row commitRow(final String system, final double opsPerSecond) {
        return new Row("commit", Plans.COMMIT, Mode.Throughput, 16, Map.of("system", system, "payload", "64"), opsPerSecond,
            0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of("p99_us", 100.0));
    }
}

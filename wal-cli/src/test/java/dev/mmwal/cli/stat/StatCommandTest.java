package dev.mmwal.cli.stat;

import dev.mmwal.cli.Cli;
import dev.mmwal.cli.JsonParser;
import dev.mmwal.format.CountersDescriptor;
import dev.mmwal.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mmwal stat} reads, from this process, the counters of a log a child JVM is writing. */
class StatCommandTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    @Test
    void countersOfAnotherProcessIncreaseWhileItAppendsAndAreStaleMarkedAtClose() throws Exception {
        final Process child = ChildJvm.start(CountersWriterMain.class, dir, dir.toString());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", lines.readLine());
            final Map<String, Object> first = awaitRecords(0);
            assertEquals("open", first.get("state"));
            final long records = records(first);
            final Map<String, Object> later = awaitRecords(records);
            final Map<?, ?> counters = (Map<?, ?>) later.get("counters");
            assertTrue(number(counters, "syncs") > 0, later::toString);
            assertTrue(number(counters, "commits") > 0, later::toString);
            assertTrue(number(counters, "bytesSynced") > 0, later::toString);
            assertTrue(number(counters, "durableLsn") > 0 && number(counters, "tailLsn") >= number(counters, "durableLsn"), later::toString);
            assertEquals(0, number(counters, "failed"));
            assertEquals(child.pid(), number(counters, "pid"));

            child.getOutputStream().close();
            assertEquals("closed", lines.readLine());
        }
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        assertTrue(Files.exists(dir.resolve(CountersDescriptor.FILE_NAME)), "the file stays, stale-marked");
        final Map<String, Object> closed = stat();
        assertEquals("closed", closed.get("state"));
        final Map<?, ?> counters = (Map<?, ?>) closed.get("counters");
        assertEquals(number(counters, "tailLsn"), number(counters, "durableLsn"), "close made everything durable");
    }

    @Test
    void aWriterKilledWithoutClosingReadsAsDead() throws Exception {
        final Process child = ChildJvm.start(CountersWriterMain.class, dir, dir.toString());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", lines.readLine());
            child.destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        }
        assertEquals("dead", stat().get("state"));
    }

    @Test
    void textAndWatchPrintEachReading() throws IOException {
        final Process child = ChildJvm.start(CountersWriterMain.class, dir, dir.toString());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", lines.readLine());
            final Cli.Run run = Cli.run("stat", "--watch", "--count", "2", dir.toString());
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(2, run.lines().stream().filter(line -> line.startsWith("log " + dir + ": open")).count(), run::toString);
            assertTrue(run.out().contains("durableLsn"), run::toString);
            child.getOutputStream().close();
            assertEquals("closed", lines.readLine());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aDirectoryWithoutCountersIsNoInput() {
        final Cli.Run run = Cli.run("stat", dir.toString());
        assertEquals(66, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no counters file: file=" + dir.resolve(CountersDescriptor.FILE_NAME)), run::toString);
    }

    /** Reads until the records counter passes {@code above}. */
    private Map<String, Object> awaitRecords(final long above) {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            final Map<String, Object> doc = stat();
            if (records(doc) > above) {
                return doc;
            }
            assertTrue(System.nanoTime() < deadline, () -> "records never passed " + above + ": " + doc);
            Thread.onSpinWait();
        }
    }

    private Map<String, Object> stat() {
        final Cli.Run run = Cli.run("stat", "--json", dir.toString());
        assertEquals(0, run.exitCode(), run::toString);
        return JsonParser.object(run.out());
    }

    private static long records(final Map<String, Object> doc) {
        return number((Map<?, ?>) doc.get("counters"), "records");
    }

    private static long number(final Map<?, ?> counters, final String label) {
        return ((Number) counters.get(label)).longValue();
    }
}

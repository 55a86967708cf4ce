package dev.mmwal.cli.stats;

import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import dev.mmwal.cli.TestLogs;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.cli.demo.DemoRecordType;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountRecordsAndBytesByType() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 200);
        final Cli.Run run = Cli.run("stats", dir.toString(), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals((double)written.size(), json.get("records"));
        @SuppressWarnings("unchecked")
        final Map<String, Map<String, Object>> byType = (Map<String, Map<String, Object>>)json.get("byType");
        for (final byte type : new byte[] {RecordType.DATA, DemoRecordType.BEGIN, DemoRecordType.UPDATE, DemoRecordType.COMMIT}) {
            final List<TestLogs.Written> ofType = written.stream().filter(w -> w.type() == type).toList();
            final Map<String, Object> row = byType.get(RecordType.name(type));
            assertEquals((double)ofType.size(), row.get("count"));
            assertEquals((double)ofType.stream().mapToLong(w -> w.payload().length).sum(), row.get("payloadBytes"));
            assertEquals((double)ofType.stream().mapToLong(w -> RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + w.payload().length)).sum(),
                row.get("recordBytes"));
        }
        assertTrue(byType.containsKey("PADDING"), "segment-tail padding is counted");
        assertEquals(0.0, json.get("problems"));
    }

    @Test
    void shouldPrintTableLikePgWaldumpStats() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 50);
        final Cli.Run run = Cli.run("stats", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Type                         N      (%)      Record size      (%)     Payload size      (%)"), run::toString);
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("APP\\(0x41\\) +100 +\\(40\\.0%\\) .*")), run::toString);
        assertTrue(run.out().contains("lsn range [" + SegmentDescriptor.HEADER_LENGTH + ", " + (written.getLast().lsn() + 72) + ")"), run::toString);
    }

    @Test
    void shouldSkipAndCountDamage() throws Exception {
        final List<TestLogs.Written> written = TestLogs.write(dir, 200);
        final TestLogs.Written victim = written.get(100);
        TestLogs.flipByte(TestLogs.segmentFile(dir, victim.lsn()), TestLogs.offsetOf(victim.lsn()) + RecordDescriptor.HEADER_LENGTH);
        final Cli.Run run = Cli.run("stats", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("damage: 1 error(s)"), run::toString);
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("  ERROR") && l.contains("lsn=" + victim.lsn())), run::toString);
        final Map<String, Object> json = JsonParser.object(Cli.run("stats", dir.toString(), "--json").out());
        assertEquals(1.0, json.get("errors"));
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> damage = (List<Map<String, Object>>)json.get("damage");
        assertEquals((double)victim.lsn(), damage.getFirst().get("lsn"), "text and JSON report the same damage");
    }

    @Test
    void shouldFailWithOneLineWhenDirectoryIsNotALog() {
        final Cli.Run run = Cli.run("stats", dir.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exitCode(), run::toString);
        assertEquals("mmwal stats: not a log directory (no segment files): dir=" + dir + "\n", run.err());
    }
}

package dev.mmwal.cli.dump;

import dev.mmwal.Wal;
import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import dev.mmwal.cli.TestLogs;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpCommandTest {
    private static final Pattern LINE = Pattern.compile(
        "lsn: +(\\d+), type: ([\\w()]+), +len \\(frame/payload\\): +(\\d+)/ +(\\d+), txn: +(\\d+), prev: +(\\d+), page: +(\\d+) off +(\\d+) before +(\\d+), flags: 0x00, crc: 0x[0-9a-f]{8} ok.*");

    @TempDir
    Path dir;

    private static List<String> recordLines(final Cli.Run run) {
        return run.lines().stream().filter(line -> line.startsWith("lsn:")).toList();
    }

    private static List<String> userRecordLines(final Cli.Run run) {
        return recordLines(run).stream().filter(line -> !line.contains("type: PADDING")).toList();
    }

    @Test
    void shouldPrintOneLinePerRecordWithEveryHeaderFieldWhenLogIsClean() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 200);
        final Cli.Run run = Cli.run("dump", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final List<String> lines = userRecordLines(run);
        assertEquals(written.size(), lines.size());
        for (int i = 0; i < written.size(); i++) {
            final TestLogs.Written w = written.get(i);
            final Matcher m = LINE.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(w.lsn(), Long.parseLong(m.group(1)));
            assertEquals(RecordType.name(w.type()), m.group(2));
            assertEquals(RecordDescriptor.HEADER_LENGTH + w.payload().length, Integer.parseInt(m.group(3)));
            assertEquals(w.payload().length, Integer.parseInt(m.group(4)));
            assertEquals(w.txnId(), Long.parseLong(m.group(5)));
            assertEquals(w.prevLsn(), Long.parseLong(m.group(6)));
            assertEquals(w.pageId(), Long.parseLong(m.group(7)));
            assertEquals(w.pageOffset(), Integer.parseInt(m.group(8)));
            assertEquals(w.beforeLength(), Integer.parseInt(m.group(9)));
        }
        assertTrue(recordLines(run).size() > lines.size(), "segment-tail padding records are shown too");
        assertEquals("", run.err());
    }

    @Test
    void shouldFilterByLsnRangeTypeAndTransaction() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 60);
        final long from = written.get(40).lsn();
        final long to = written.get(200).lsn();
        final Cli.Run range = Cli.run("dump", dir.toString(), "--from", Long.toString(from), "--to", "0x" + Long.toHexString(to));
        assertEquals(160, userRecordLines(range).size(), range::toString);
        assertTrue(userRecordLines(range).getFirst().startsWith(String.format("lsn: %12d,", from)), range::toString);

        final Cli.Run commits = Cli.run("dump", dir.toString(), "--type", "app(0x42),0x40");
        assertEquals(120, userRecordLines(commits).size(), commits::toString);
        assertTrue(userRecordLines(commits).stream().allMatch(l -> l.contains("type: APP(0x42),") || l.contains("type: APP(0x40),")));

        final Cli.Run txn = Cli.run("dump", dir.toString(), "--txn", "7", "-n", "3");
        assertEquals(3, userRecordLines(txn).size(), txn::toString);
        assertTrue(userRecordLines(txn).stream().allMatch(l -> l.contains("txn:          7,")), txn::toString);
    }

    @Test
    void shouldPrintPayloadInHexAndJsonLinesWhenAsked() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 5);
        final TestLogs.Written update = written.get(2);
        final Cli.Run hex = Cli.run("dump", dir.toString(), "--from", Long.toString(update.lsn()), "-n", "1", "--payload", "hex");
        assertTrue(hex.out().strip().endsWith(", payload: " + HexFormat.of().formatHex(update.payload())), hex::toString);

        final Cli.Run json = Cli.run("dump", dir.toString(), "--json", "--payload", "hex");
        assertEquals(ExitCodes.OK, json.exitCode(), json::toString);
        final List<String> lines = json.lines();
        assertEquals(written.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            final Map<String, Object> record = JsonParser.object(lines.get(i));
            assertEquals("record", record.get("kind"));
            assertEquals((double)written.get(i).lsn(), record.get("lsn"));
            assertEquals(HexFormat.of().formatHex(written.get(i).payload()), record.get("payload"));
            assertEquals(Boolean.TRUE, record.get("crcOk"));
        }
    }

    @Test
    void shouldReportDamagedRecordAndStopUnlessSkipDamaged() throws Exception {
        final List<TestLogs.Written> written = TestLogs.write(dir, 200);
        final TestLogs.Written victim = written.get(20);
        assertTrue(victim.lsn() < TestLogs.SEGMENT && written.getLast().lsn() > 2 * TestLogs.SEGMENT, "damage lands in a sealed segment");
        TestLogs.flipByte(TestLogs.segmentFile(dir, victim.lsn()), TestLogs.offsetOf(victim.lsn()) + RecordDescriptor.HEADER_LENGTH + 3);

        final Cli.Run stop = Cli.run("dump", dir.toString());
        assertEquals(ExitCodes.DAMAGED, stop.exitCode(), stop::toString);
        assertEquals(20, userRecordLines(stop).size(), stop::toString);
        final String last = stop.lines().getLast();
        assertTrue(last.startsWith("ERROR   0000000000000000.wal offset=" + victim.lsn() + " lsn=" + victim.lsn() + ": CRC mismatch"), last);
        assertTrue(stop.err().contains("--skip-damaged"), stop::toString);

        final Cli.Run skip = Cli.run("dump", dir.toString(), "--skip-damaged");
        assertEquals(ExitCodes.DAMAGED, skip.exitCode(), skip::toString);
        assertEquals(written.size() - 1, userRecordLines(skip).size(), skip::toString);
        assertEquals(1, skip.lines().stream().filter(l -> l.startsWith("ERROR")).count(), skip::toString);
    }

    @Test
    void shouldDumpBesideLiveWriter() {
        try (Wal wal = Wal.open(TestLogs.config(dir))) {
            final List<TestLogs.Written> written = TestLogs.append(wal, 10, 1);
            final Cli.Run run = Cli.run("dump", dir.toString());
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertEquals(written.size(), userRecordLines(run).size(), run::toString);
        }
    }

    @Test
    void shouldFailWithOneLineWhenDirectoryIsMissingOrNotALog() throws Exception {
        final Cli.Run missing = Cli.run("dump", dir.resolve("nope").toString());
        assertEquals(ExitCodes.NO_INPUT, missing.exitCode(), missing::toString);
        assertEquals("mmwal dump: log directory does not exist: dir=" + dir.resolve("nope") + "\n", missing.err());

        Files.writeString(dir.resolve("notes.txt"), "hello");
        final Cli.Run notLog = Cli.run("dump", dir.toString());
        assertEquals(ExitCodes.NO_INPUT, notLog.exitCode(), notLog::toString);
        assertEquals("mmwal dump: not a log directory (no segment files): dir=" + dir + "\n", notLog.err());
    }
}

package dev.mmwal.cli.verify;

import dev.mmwal.Wal;
import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import dev.mmwal.cli.TestLogs;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.cli.demo.DemoRecordType;
import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {
    @TempDir
    Path dir;

    private static List<String> problemLines(final Cli.Run run) {
        return run.lines().stream().filter(l -> l.startsWith("ERROR") || l.startsWith("WARNING")).toList();
    }

    private List<TestLogs.Written> writeSealedLog() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 200);
        assertTrue(written.getLast().lsn() > 2 * TestLogs.SEGMENT, "the log spans three segments");
        return written;
    }

    @Test
    void shouldReportCleanAndExitZeroWhenLogIsIntact() {
        final List<TestLogs.Written> written = writeSealedLog();
        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(List.of(), problemLines(run));
        assertTrue(run.out().contains(String.format("%,d valid records", written.size())), run::toString);
        assertTrue(run.out().strip().endsWith("result: clean"), run::toString);
    }

    @Test
    void shouldReportErrorWithFileOffsetAndLsnWhenPayloadByteFlippedInDurablePart() throws Exception {
        final List<TestLogs.Written> written = writeSealedLog();
        final TestLogs.Written victim = written.stream().filter(w -> w.lsn() > TestLogs.SEGMENT && w.type() == DemoRecordType.UPDATE).findFirst().orElseThrow();
        final long offset = TestLogs.offsetOf(victim.lsn());
        TestLogs.flipByte(TestLogs.segmentFile(dir, victim.lsn()), offset + RecordDescriptor.HEADER_LENGTH + 10);

        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run::toString);
        final List<String> problems = problemLines(run);
        assertEquals(1, problems.size(), run::toString);
        assertTrue(problems.getFirst().startsWith("ERROR   " + SegmentDescriptor.fileName(TestLogs.SEGMENT) + " offset=" + offset + " lsn=" + victim.lsn()
            + ": CRC mismatch: stored=0x"), run::toString);
        assertTrue(problems.getFirst().contains("[inside the durable part"), run::toString);
        assertTrue(run.out().contains("result: 1 error(s), 0 warning(s)"), run::toString);
    }

    @Test
    void shouldWarnAboutTornTailAfterLastDurablePoint() throws Exception {
        final List<TestLogs.Written> written = writeSealedLog();
        final TestLogs.Written lastCommit = written.getLast();
        final Path file = TestLogs.segmentFile(dir, lastCommit.lsn());
        TestLogs.setDurableWatermark(file, written.get(written.size() - 5).lsn());
        TestLogs.zero(file, TestLogs.offsetOf(lastCommit.lsn()) + RecordDescriptor.HEADER_LENGTH, 8);

        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.WARNINGS, run.exitCode(), run::toString);
        final List<String> problems = problemLines(run);
        assertEquals(1, problems.size(), run::toString);
        assertTrue(problems.getFirst().startsWith("WARNING " + file.getFileName() + " offset=" + TestLogs.offsetOf(lastCommit.lsn())), run::toString);
        assertTrue(problems.getFirst().contains("CRC mismatch") && problems.getFirst().contains("a torn tail, which recovery truncates"), run::toString);
        assertTrue(run.out().contains("(a torn tail); opening the log truncates it there"), run::toString);
    }

    @Test
    void shouldReportErrorWhenTailBelowRecordedDurablePointIsGone() throws Exception {
        final List<TestLogs.Written> written = writeSealedLog();
        final TestLogs.Written lastCommit = written.getLast();
        final Path file = TestLogs.segmentFile(dir, lastCommit.lsn());
        final int length = RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + lastCommit.payload().length);
        TestLogs.setDurableWatermark(file, lastCommit.lsn() + length);
        TestLogs.zero(file, TestLogs.offsetOf(lastCommit.lsn()), length);

        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run::toString);
        assertTrue(problemLines(run).getFirst().contains("lsn=" + lastCommit.lsn() + ": the log ends before the durable point"), run::toString);
    }

    @Test
    void shouldReportNothingWhenOnlyOneSegmentHeaderCopyIsDamaged() throws Exception {
        writeSealedLog();
        final Path second = dir.resolve(SegmentDescriptor.fileName(TestLogs.SEGMENT));
        TestLogs.flipByte(second, SegmentDescriptor.BASE_LSN_OFFSET);

        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(problemLines(run).isEmpty(), run::toString);
    }

    @Test
    void shouldReportCorruptSegmentHeaderAndKeepCheckingRecords() throws Exception {
        writeSealedLog();
        final Path second = dir.resolve(SegmentDescriptor.fileName(TestLogs.SEGMENT));
        TestLogs.flipByte(second, SegmentDescriptor.BASE_LSN_OFFSET);
        TestLogs.flipByte(second, SegmentDescriptor.COPY_LENGTH + SegmentDescriptor.BASE_LSN_OFFSET);

        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run::toString);
        final List<String> problems = problemLines(run);
        assertEquals(1, problems.size(), run::toString);
        assertTrue(problems.getFirst().startsWith("ERROR   " + second.getFileName() + " offset=0 lsn=" + TestLogs.SEGMENT
            + ": segment header CRC mismatch"), run::toString);
    }

    @Test
    void shouldReportMissingSegment() throws Exception {
        writeSealedLog();
        Files.delete(dir.resolve(SegmentDescriptor.fileName(TestLogs.SEGMENT)));
        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run::toString);
        assertTrue(problemLines(run).stream().anyMatch(l -> l.contains("segment missing from the log: expectedBaseLsn=" + TestLogs.SEGMENT)), run::toString);
    }

    @Test
    void shouldReportBrokenTransactionChains() {
        final long other;
        final long own;
        try (Wal wal = Wal.open(TestLogs.config(dir))) {
            final MemorySegment payload = MemorySegment.ofArray(new byte[16]);
            other = wal.append(DemoRecordType.BEGIN, 1, 0, 0, payload, 0, 16);
            final long begin = wal.append(DemoRecordType.BEGIN, 2, 0, 0, payload, 0, 16);
            own = wal.append(DemoRecordType.UPDATE, 2, other, 5, payload, 0, 16);
            wal.append(DemoRecordType.COMMIT, 2, own + 1_000_000, 0, payload, 0, 16);
            wal.append(DemoRecordType.COMMIT, 1, begin + 8, 0, payload, 0, 16);
            wal.flush();
        }
        final Cli.Run run = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run::toString);
        final List<String> problems = problemLines(run);
        assertEquals(3, problems.size(), run::toString);
        assertTrue(problems.get(0).endsWith("prevLsn points at a record of another transaction: prevLsn=" + other + ", txnId=2, prevTxnId=1"), run::toString);
        assertTrue(problems.get(1).contains("prevLsn does not point backwards"), run::toString);
        assertTrue(problems.get(2).contains("prevLsn does not point at a valid record"), run::toString);
    }

    @Test
    void shouldPrintJsonReport() throws Exception {
        final List<TestLogs.Written> written = writeSealedLog();
        final TestLogs.Written victim = written.get(3);
        TestLogs.flipByte(TestLogs.segmentFile(dir, victim.lsn()), TestLogs.offsetOf(victim.lsn()) + RecordDescriptor.LSN_OFFSET);
        final Cli.Run run = Cli.run("verify", dir.toString(), "--json");
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals(Boolean.FALSE, json.get("clean"));
        assertEquals(1.0, json.get("errors"));
        assertEquals((double)(written.size() - 1), json.get("records"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> problem = ((List<Map<String, Object>>)json.get("problems")).getFirst();
        assertEquals("ERROR", problem.get("severity"));
        assertEquals((double)victim.lsn(), problem.get("lsn"));
        assertTrue(((String)problem.get("message")).startsWith("lsn is not the record's position"), run::toString);
    }

    @Test
    void shouldVerifyBesideLiveWriterAndSayItIsThere() {
        try (Wal wal = Wal.open(TestLogs.config(dir))) {
            TestLogs.append(wal, 20, 1);
            final Cli.Run run = Cli.run("verify", dir.toString());
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertTrue(run.out().contains("a live writer holds the log (pid " + ProcessHandle.current().pid() + ")"), run::toString);
        }
    }

    @Test
    void shouldFailWithOneLineWhenDirectoryIsMissing() {
        final Cli.Run run = Cli.run("verify", dir.resolve("missing").toString());
        assertEquals(ExitCodes.NO_INPUT, run.exitCode(), run::toString);
        assertEquals("mmwal verify: log directory does not exist: dir=" + dir.resolve("missing") + "\n", run.err());
    }
}

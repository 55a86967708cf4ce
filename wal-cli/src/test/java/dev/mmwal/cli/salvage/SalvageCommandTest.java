package dev.mmwal.cli.salvage;

import dev.mmwal.LogRecord;
import dev.mmwal.ReadOnlyWal;
import dev.mmwal.WalReader;
import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import dev.mmwal.cli.TestLogs;
import dev.mmwal.format.RecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SalvageCommandTest {
    @TempDir
    Path tmp;

    /** A record as the salvaged log holds it. */
    private record Copied(long lsn, byte type, long txnId, long prevLsn, long pageId, int pageOffset, int beforeLength, byte[] payload) {
    }

    private static List<Copied> read(final Path dir) {
        final List<Copied> records = new ArrayList<>();
        try (ReadOnlyWal wal = ReadOnlyWal.open(dir)) {
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            while (reader.next(record)) {
                records.add(new Copied(record.lsn(), record.type(), record.txnId(), record.prevLsn(), record.pageId(), record.pageOffset(),
                    record.beforeLength(), record.payloadBytes()));
            }
        }
        return records;
    }

    /** Checks every kept record arrived in order with its header and payload, prevLsn translated to the new LSNs. */
    private static void assertCopied(final List<TestLogs.Written> kept, final List<Copied> copied, final long brokenLink) {
        assertEquals(kept.size(), copied.size());
        final Map<Long, Long> newLsn = new HashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            final TestLogs.Written before = kept.get(i);
            final Copied after = copied.get(i);
            newLsn.put(before.lsn(), after.lsn());
            assertEquals(before.type(), after.type());
            assertEquals(before.txnId(), after.txnId());
            assertEquals(before.pageId(), after.pageId());
            assertEquals(before.pageOffset(), after.pageOffset());
            assertEquals(before.beforeLength(), after.beforeLength());
            assertArrayEquals(before.payload(), after.payload());
            final long expectedPrev = before.prevLsn() == 0 || before.prevLsn() == brokenLink ? 0 : newLsn.get(before.prevLsn());
            assertEquals(expectedPrev, after.prevLsn(), "prevLsn of record " + i);
        }
    }

    @Test
    void shouldCopyEveryRecordOfACleanLog() {
        final Path src = tmp.resolve("src");
        final Path dst = tmp.resolve("dst");
        final List<TestLogs.Written> written = TestLogs.write(src, 60);
        final Cli.Run run = Cli.run("salvage", src.toString(), dst.toString(), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals((double)written.size(), json.get("copied"));
        assertEquals(List.of(), json.get("skippedRanges"));
        assertCopied(written, read(dst), -1);
        assertEquals(ExitCodes.OK, Cli.run("verify", dst.toString()).exitCode());
    }

    @Test
    void shouldSkipADamagedRecordAndKeepEverythingAfterIt() throws Exception {
        final Path src = tmp.resolve("src");
        final Path dst = tmp.resolve("dst");
        final List<TestLogs.Written> written = TestLogs.write(src, 60);
        // the first UPDATE of a transaction: the second UPDATE's prevLsn points at it
        final TestLogs.Written victim = written.get(102);
        TestLogs.flipByte(TestLogs.segmentFile(src, victim.lsn()), TestLogs.offsetOf(victim.lsn()) + RecordDescriptor.HEADER_LENGTH);

        final Cli.Run run = Cli.run("salvage", src.toString(), dst.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run::toString);
        assertTrue(run.out().contains("skipped: ERROR"), run::toString);
        assertTrue(run.out().contains("lsn=" + victim.lsn()), run::toString);
        assertTrue(run.out().contains("copied " + (written.size() - 1) + " record(s)"), run::toString);
        assertTrue(run.out().contains("1 damaged range(s)"), run::toString);
        assertTrue(run.out().contains("1 pointing at a record left behind"), run::toString);

        final List<TestLogs.Written> kept = new ArrayList<>(written);
        kept.remove(victim);
        assertCopied(kept, read(dst), victim.lsn());
        assertEquals(ExitCodes.OK, Cli.run("verify", dst.toString()).exitCode(), "the salvaged log is clean");
        assertEquals(ExitCodes.DAMAGED, Cli.run("verify", src.toString()).exitCode(), "the source is left as it was");
    }

    @Test
    void shouldRefuseADestinationThatIsNotEmpty() throws Exception {
        final Path src = tmp.resolve("src");
        final Path dst = tmp.resolve("dst");
        TestLogs.write(src, 2);
        Files.createDirectories(dst);
        Files.writeString(dst.resolve("keep.txt"), "mine");
        final Cli.Run run = Cli.run("salvage", src.toString(), dst.toString());
        assertEquals(ExitCodes.CANT_CREATE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("destination is not empty"), run::toString);
        assertEquals(List.of(dst.resolve("keep.txt")), Files.list(dst).toList());
    }

    @Test
    void shouldRefuseToSalvageALogIntoItself() {
        final Path src = tmp.resolve("src");
        TestLogs.write(src, 1);
        assertEquals(ExitCodes.USAGE, Cli.run("salvage", src.toString(), src.toString()).exitCode());
    }

    @Test
    void shouldReportAMissingSourceAsJsonWhenAsked() {
        final Cli.Run run = Cli.run("salvage", tmp.resolve("absent").toString(), tmp.resolve("dst").toString(), "--json");
        assertEquals(ExitCodes.NO_INPUT, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals((double)ExitCodes.NO_INPUT, json.get("exitCode"));
        assertTrue(((String)json.get("error")).contains("does not exist"), run::toString);
        assertEquals("", run.err());
    }
}

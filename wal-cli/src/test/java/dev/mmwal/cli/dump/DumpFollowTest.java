package dev.mmwal.cli.dump;

import dev.mmwal.Wal;
import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import dev.mmwal.cli.MmwalCommand;
import dev.mmwal.cli.TestLogs;
import dev.mmwal.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpFollowTest {
    @TempDir
    Path dir;

    private static List<Double> lsns(final Cli.Run run) {
        return run.lines().stream().map(JsonParser::object).map(json -> (Double)json.get("lsn")).toList();
    }

    @Test
    void shouldPrintExistingRecordsAndStopAtMaxRecords() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 4);
        final Cli.Run run = Cli.run("dump", dir.toString(), "--follow", "--max-records", String.valueOf(written.size()), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(written.stream().map(w -> (double)w.lsn()).toList(), lsns(run), run::toString);
    }

    @Test
    void shouldStartAtFromAndApplyTheTypeFilter() {
        final List<TestLogs.Written> written = TestLogs.write(dir, 4);
        final long from = written.get(7).lsn();
        final List<TestLogs.Written> expected = written.stream().filter(w -> w.lsn() >= from && w.type() == written.get(7).type()).toList();
        final Cli.Run run = Cli.run("dump", dir.toString(), "-f", "--from", String.valueOf(from), "--type", String.valueOf(written.get(7).type() & 0xFF),
            "--max-records", String.valueOf(expected.size()), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(expected.stream().map(w -> (double)w.lsn()).toList(), lsns(run), run::toString);
    }

    @Test
    void shouldFollowRecordsAppendedByALiveWriter() throws Exception {
        final int wanted = 40;
        final List<Long> appended = new ArrayList<>();
        try (Wal wal = Wal.open(TestLogs.config(dir))) {
            wal.appendAndCommit(new byte[16]);
            final CompletableFuture<Cli.Run> follower = CompletableFuture.supplyAsync(
                () -> Cli.run("dump", dir.toString(), "--follow", "--max-records", String.valueOf(wanted), "--json"));
            // keep committing until the follower has seen enough: the durable bound it reads from
            // the segment headers moves with the writer's syncs
            for (int i = 0; !follower.isDone() && i < 100_000; i++) {
                appended.add(wal.appendAndCommit(("record " + i).getBytes(StandardCharsets.UTF_8)));
                Thread.sleep(1);
            }
            final Cli.Run run = follower.get(30, TimeUnit.SECONDS);
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            final List<Double> seen = lsns(run);
            assertEquals(wanted, seen.size(), run::toString);
            for (int i = 1; i < wanted; i++) {
                assertEquals((double)appended.get(i - 1), seen.get(i), "records in append order, none missing");
            }
        }
    }

    @Test
    void shouldReadOnlyPublishedRecordsWhenAsked() {
        try (Wal wal = Wal.open(TestLogs.config(dir))) {
            final long lsn = wal.append(new byte[8]);
            final Cli.Run run = Cli.run("dump", dir.toString(), "--follow", "--published", "--max-records", "1", "--json");
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertEquals(List.of((double)lsn), lsns(run));
        }
    }

    @Test
    void shouldRefusePublishedWithoutFollow() {
        TestLogs.write(dir, 1);
        final Cli.Run run = Cli.run("dump", dir.toString(), "--published");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
    }

    @Test
    void shouldStopOnSigintAfterPrintingWhatItRead() throws Exception {
        final List<TestLogs.Written> written = TestLogs.write(dir, 3);
        final Process child = ChildJvm.start(MmwalCommand.class, dir, "dump", dir.toString(), "--follow");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            final List<String> lines = new ArrayList<>();
            while (lines.size() < written.size()) {
                final String line = out.readLine();
                assertTrue(line != null, () -> "follower ended early after " + lines);
                lines.add(line);
            }
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor());
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "follower still running 20 s after SIGINT");
            assertEquals(130, child.exitValue(), "128 + SIGINT");
            assertEquals(null, out.readLine(), "nothing after the records");
            for (int i = 0; i < written.size(); i++) {
                assertTrue(lines.get(i).startsWith(String.format("lsn: %12d,", written.get(i).lsn())), lines.get(i));
            }
        } finally {
            child.destroyForcibly();
        }
    }
}

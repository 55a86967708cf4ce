package dev.mmwal.cli.demo;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogDemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldCommitCrashRecoverAndExplainWhenRunShort() {
        final Path log = dir.resolve("log");
        final Cli.Run run = Cli.run("demo", "log", log.toString(), "--seconds", "1.5", "--crash-seconds", "0.5", "--threads", "3", "--segment-size", "1m");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final String out = run.out();
        assertTrue(out.contains("commits/s | commit p50"), () -> "a plain progress line per second\n" + run);
        assertTrue(out.contains("Summary"), run::toString);
        for (final String row : new String[] {"  commits/s ", "  commit latency  p50 ", "  batches ", "  L ", "  lambda ", "  N* ", "  crash           SIGKILL",
            "  recovery ", "  verified "}) {
            assertTrue(out.contains(row), () -> row + " missing\n" + run);
        }
        assertTrue(out.contains("Result: every acknowledged commit survived the SIGKILL."), run::toString);
        assertTrue(out.contains("mmwal verify " + log), run::toString);

        final Cli.Run verify = Cli.run("verify", log.toString());
        assertTrue(verify.exitCode() == ExitCodes.OK, verify::toString);
    }

    @Test
    void shouldPrintJsonOnlyWhenAsked() {
        final Cli.Run run = Cli.run("demo", "log", dir.resolve("log").toString(), "--seconds", "0.5", "--crash-seconds", "0.5", "--threads", "2",
            "--segment-size", "1m", "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals(Boolean.TRUE, json.get("passed"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> crash = (Map<String, Object>)json.get("crash");
        assertTrue((Double)crash.get("acknowledged") > 0, run::toString);
        assertEquals(crash.get("acknowledged"), crash.get("verified"));
        assertEquals(137.0, crash.get("exitCode"));
    }

    @Test
    void shouldRefuseLogLockedByWriter() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(1 << 20).build())) {
            final Cli.Run run = Cli.run("demo", "log", dir.toString(), "--seconds", "1");
            assertEquals(ExitCodes.LOCKED, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("mmwal demo log: log is already open for writing in this process: dir=" + dir), run::toString);
            assertEquals(1, run.err().lines().count(), run::toString);
            assertEquals("", run.out(), "nothing printed before the lock failure");
            assertTrue(wal.tailLsn() > 0, "the writer still holds its log");
        }
    }

    @Test
    void shouldRefuseDirectoryHoldingOtherFiles() throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "precious");
        final Cli.Run run = Cli.run("demo", "log", dir.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("mmwal demo log: directory is not empty and holds no log: dir=" + dir), run::toString);
    }
}

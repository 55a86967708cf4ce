package dev.mmwal.cli.demo;

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

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldTransferCrashRecoverAndPassTheAuditWhenRunShort() {
        final Path store = dir.resolve("bank");
        final Cli.Run run = Cli.run("demo", "--dir", store.toString(), "--accounts", "500", "--threads", "2", "--seconds", "1",
            "--crash-seconds", "0.5");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final String out = run.out();
        assertTrue(out.contains("transfers/s | commit p50"), () -> "a plain progress line per second\n" + run);
        for (final String row : new String[] {"  transfers/s ", "  commit latency   p50 ", "  crash            SIGKILL", "  ARIES            analysis ",
            "  audit            total 500,000 of 500,000"}) {
            assertTrue(out.contains(row), () -> row + " missing\n" + run);
        }
        assertTrue(out.contains("Result: PASS: total 500000 of 500000 (conserved)"), run::toString);
    }

    @Test
    void shouldAuditEveryRunWhenTheSameBankRunsTwice() {
        final Path store = dir.resolve("bank");
        for (int run = 0; run < 2; run++) {
            final Cli.Run result = Cli.run("demo", "--dir", store.toString(), "--accounts", "200", "--threads", "2", "--seconds", "0.3",
                "--crash-seconds", "0.3", "--json");
            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        }
    }

    @Test
    void shouldPrintJsonOnlyWhenAsked() {
        final Cli.Run run = Cli.run("demo", "--dir", dir.resolve("bank").toString(), "--accounts", "300", "--threads", "2", "--seconds", "0.5",
            "--crash-seconds", "0.5", "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals(Boolean.TRUE, json.get("passed"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> crash = (Map<String, Object>)json.get("crash");
        assertEquals(137.0, crash.get("exitCode"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> audit = (Map<String, Object>)json.get("audit");
        assertEquals(0.0, audit.get("missing"));
        assertEquals(audit.get("expectedTotal"), audit.get("total"));
    }

    @Test
    void shouldRefuseDirectoryHoldingOtherFiles() throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "precious");
        final Cli.Run run = Cli.run("demo", "--dir", dir.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("mmwal demo: directory is not empty and holds no store: dir=" + dir), run::toString);
    }
}

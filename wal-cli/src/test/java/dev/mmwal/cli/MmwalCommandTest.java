package dev.mmwal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmwalCommandTest {
    @Test
    void shouldListEverySubcommandWhenAskedForHelp() {
        final Cli.Run run = Cli.run("--help");
        assertEquals(0, run.exitCode(), run::toString);
        for (final String sub : new String[] {"dump", "verify", "stats", "salvage", "doctor", "demo"}) {
            assertTrue(run.out().contains("  " + sub + " "), () -> sub + " missing from\n" + run);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dump", "verify", "stats", "salvage", "doctor", "demo"})
    void shouldPrintUsageWhenSubcommandGetsHelp(final String sub) {
        final Cli.Run run = Cli.run(sub, "--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Usage: mmwal " + sub), run::toString);
        assertTrue(run.out().contains("--json"), run::toString);
        assertTrue(run.out().contains("Exit codes:"), run::toString);
    }

    @Test
    void shouldExitWithUsageCodeAndOneLineWhenOptionIsUnknown() {
        final Cli.Run run = Cli.run("verify", "--frobnicate", "x");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("mmwal verify: Unknown option: '--frobnicate'"), run::toString);
        assertEquals(2, run.err().lines().count(), run::toString);
    }

    @Test
    void shouldExitWithUsageCodeWhenNoSubcommandIsGiven() {
        final Cli.Run run = Cli.run();
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("a subcommand is required"), run::toString);
    }

    @Test
    void shouldRejectBadLsnWithUsageCode() {
        final Cli.Run run = Cli.run("dump", "/tmp", "--from", "zz");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("not an LSN"), run::toString);
    }

    @Test
    void shouldPrintAFailureAsJsonWhenJsonWasAsked() {
        final Cli.Run run = Cli.run("verify", "/nonexistent/mmwal-log", "--json");
        assertEquals(ExitCodes.NO_INPUT, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals("log directory does not exist: dir=/nonexistent/mmwal-log", json.get("error"));
        assertEquals((double)ExitCodes.NO_INPUT, json.get("exitCode"));
        assertEquals("mmwal verify", json.get("command"));
        assertEquals("", run.err(), "nothing on stderr: the error is the JSON");
    }

    @Test
    void shouldPrintAUsageErrorAsJsonWhenJsonWasAsked() {
        final Cli.Run run = Cli.run("stats", "--json", "--frobnicate", "x");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertTrue(((String)json.get("error")).contains("--frobnicate"), run::toString);
        assertEquals((double)ExitCodes.USAGE, json.get("exitCode"));
    }

    @Test
    void shouldPrintVersion() {
        final Cli.Run run = Cli.run("--version");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("segment format version"), run::toString);
    }
}

package dev.mmwal.cli.doctor;

import dev.mmwal.cli.Cli;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldReportFilesystemSyncLatencyAndAdviceThenCleanUp() throws Exception {
        final Cli.Run run = Cli.run("doctor", dir.toString(), "--syncs", "20");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("filesystem   "), run::toString);
        assertTrue(run.out().contains("fallocate    "), run::toString);
        assertTrue(run.out().contains("mapped write + fdatasync"), run::toString);
        assertTrue(run.out().contains("pwrite + fdatasync"), run::toString);
        assertTrue(run.out().contains("suggested: WalConfig.builder(dir).groupCommitPolicy(() -> new OptimalBatchPolicy(1.0, "), run::toString);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the scratch folder is removed");
        }
    }

    @Test
    void shouldPrintJson() {
        final Cli.Run run = Cli.run("doctor", dir.toString(), "--syncs", "10", "--commit-rate", "5000", "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        final Map<String, Object> json = JsonParser.object(run.out());
        assertEquals(4, ((List<?>)json.get("probes")).size());
        @SuppressWarnings("unchecked")
        final Map<String, Object> group = (Map<String, Object>)json.get("groupCommit");
        assertTrue((Double)group.get("syncLatencyNanos") > 0, run::toString);
        assertEquals(1, ((List<?>)group.get("rates")).size());
        assertTrue(json.containsKey("fallocate") && json.containsKey("space") && json.containsKey("warnings"), run::toString);
    }

    @Test
    void shouldFailWithOneLineWhenDirectoryIsMissing() {
        final Cli.Run run = Cli.run("doctor", dir.resolve("absent").toString());
        assertEquals(ExitCodes.NO_INPUT, run.exitCode(), run::toString);
        assertEquals("mmwal doctor: log directory does not exist: dir=" + dir.resolve("absent") + "\n", run.err());
    }
}

package dev.mmwal.cli.install;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast install test in every {@code verify}: {@code scripts/install-test.sh} clones the
 * committed HEAD, installs the parent, the BOM and wal-core into an empty local repository, then
 * builds two separate projects against them (class path and module path) and runs the README's
 * example with the README's flags. The full version ({@code --full}, every module, about 7 minutes)
 * is the documented command in docs/building.md.
 */
class InstallFromCloneTest {
    @Test
    void shouldInstallFromAFreshCloneAndBuildProjectsAgainstIt() throws IOException, InterruptedException {
        final Path root = Path.of("").toAbsolutePath().getParent();
        final Path script = root.resolve("scripts/install-test.sh");
        assertTrue(Files.isRegularFile(script), "script missing: " + script);
        final Path log = Files.createTempFile("install-test", ".log");
        final Process process = new ProcessBuilder("sh", script.toString())
            .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean ended = process.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertTrue(ended, "install test did not finish in 8 minutes:\n" + output);
        assertEquals(0, process.exitValue(), "install test failed:\n" + output);
    }
}

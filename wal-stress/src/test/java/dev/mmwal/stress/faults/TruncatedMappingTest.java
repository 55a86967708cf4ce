package dev.mmwal.stress.faults;

import dev.mmwal.WalConfig;
import dev.mmwal.WalException;
import dev.mmwal.stress.oracle.LogCheck;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A segment truncated under its live mapping: stores to the lost pages raise SIGBUS, which the
 * JVM turns into an {@link InternalError} for FFM accesses. The log must go FAILED and throw a
 * {@link WalException}; the JVM must live (no hs_err, exit 0); reopening must end in a typed
 * exception (the file is now the wrong size) or a valid log, never anything else.
 */
class TruncatedMappingTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {0, 4096, 32768})
    void shouldFailTheLogNotTheJvmWhenASegmentIsTruncatedUnderItsMapping(final long truncateTo) throws Exception {
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElseThrow(),
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
            "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
            "-cp", System.getProperty("java.class.path"), TruncatedMappingChild.class.getName(), dir.resolve("log").toString(),
            Long.toString(truncateTo)));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child hung: " + output);
        assertEquals(0, process.exitValue(), "the JVM died: " + output);
        assertTrue(output.contains("ACKED 20"), output);
        assertTrue(output.contains("THREW dev.mmwal.Wal"), "the append after truncation must throw a WalException: " + output);
        assertTrue(output.contains("FAILED true"), "the log must be FAILED: " + output);
        try {
            LogCheck.recoverAndCheck(WalConfig.builder(dir.resolve("log")).segmentSize(64 << 10).build());
        } catch (final WalException expected) {
            // the truncated file is the wrong size: a typed refusal is the right answer
        }
    }
}

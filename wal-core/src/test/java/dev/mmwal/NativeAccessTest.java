package dev.mmwal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native access on the class path, in child JVMs with exactly the flags named: under
 * {@code --illegal-native-access=deny} without {@code --enable-native-access} the log falls back
 * (zero-fill, no madvise or statx) and says which flag to add; with the README's flags it uses the
 * native calls and the JDK prints no restricted-method warning, under {@code deny} and by default.
 */
class NativeAccessTest {
    private static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final String ENABLE_NATIVE = "--enable-native-access=ALL-UNNAMED";
    private static final String DENY = "--illegal-native-access=deny";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    @Test
    void shouldFallBackToZeroFillAndNameTheFlagWhenNativeAccessIsDenied() throws Exception {
        final Run run = run(ADD_EXPORTS, DENY);
        assertEquals(0, run.exit, run.err);
        assertEquals("nativeAccess=false records=300", run.out.strip(), run.err);
        assertTrue(run.err.contains("native access is denied to the class path"), run.err);
        assertTrue(run.err.contains("add --enable-native-access=ALL-UNNAMED"), run.err);
    }

    @Test
    void shouldUseNativeCallsWithTheReadmeFlagsEvenUnderDeny() throws Exception {
        final Run run = run(ADD_EXPORTS, ENABLE_NATIVE, DENY);
        assertEquals(0, run.exit, run.err);
        assertEquals("nativeAccess=true records=300", run.out.strip(), run.err);
        assertFalse(run.err.contains("restricted method"), run.err);
        assertFalse(run.err.contains("native access is denied"), run.err);
    }

    @Test
    void shouldPrintNoWarningWithTheReadmeFlags() throws Exception {
        final Run run = run(ADD_EXPORTS, ENABLE_NATIVE);
        assertEquals(0, run.exit, run.err);
        assertEquals("nativeAccess=true records=300", run.out.strip(), run.err);
        assertFalse(run.err.contains("WARNING"), run.err);
    }

    private Run run(final String... flags) throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeAccessChild.class.getName(), dir.resolve("log").toString()));
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("child did not finish: " + Files.readString(err));
        }
        final Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}

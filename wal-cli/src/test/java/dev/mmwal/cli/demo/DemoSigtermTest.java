package dev.mmwal.cli.demo;

import dev.mmwal.cli.MmwalCommand;
import dev.mmwal.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code mmwal demo} stopped with SIGTERM while its crash child runs leaves no JVM behind and the
 * bank's log unlocked: its shutdown hook kills the child, and the kernel drops the child's lock.
 */
class DemoSigtermTest {
    private static final long CHILD_START_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long EXIT_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void sigtermLeavesNoChildJvmAndNoHeldLock() throws Exception {
        final Path store = dir.resolve("bank");
        final Process demo = ChildJvm.start(MmwalCommand.class, dir, "demo", "--dir", store.toString(), "--accounts", "200",
            "--threads", "2", "--seconds", "0.2", "--crash-seconds", "60");
        Thread.ofPlatform().daemon().start(() -> discard(demo.getInputStream()));
        try {
            final List<ProcessHandle> descendants = awaitChildJvm(demo);
            demo.destroy(); // SIGTERM
            assertTrue(demo.waitFor(EXIT_SECONDS, TimeUnit.SECONDS), "demo did not exit after SIGTERM");
            for (final ProcessHandle child : descendants) {
                assertTrue(child.onExit().completeOnTimeout(null, EXIT_SECONDS, TimeUnit.SECONDS).get() != null,
                    () -> "descendant still running after the demo's SIGTERM: pid=" + child.pid() + ", " + child.info());
            }
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        try (FileChannel channel = FileChannel.open(store.resolve("log").resolve("mmwal.lock"), StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            assertNotNull(lock, "the bank's log lock is still held after the demo's SIGTERM");
        }
    }

    /** Waits until the demo has started its crash child JVM; returns every descendant then. */
    private static List<ProcessHandle> awaitChildJvm(final Process demo) throws InterruptedException {
        final long deadline = System.nanoTime() + CHILD_START_NANOS;
        while (System.nanoTime() < deadline) {
            assertTrue(demo.isAlive(), "demo exited before starting its child");
            final List<ProcessHandle> descendants = demo.descendants().toList();
            if (descendants.stream().anyMatch(handle -> handle.info().commandLine().orElse("").contains("BankChild"))) {
                return descendants;
            }
            Thread.sleep(50);
        }
        return fail("demo never started its child JVM within 15 s");
    }

    private static void discard(final InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream()); // the pipe never fills
        } catch (final IOException ex) {
            // the demo is gone
        }
    }
}

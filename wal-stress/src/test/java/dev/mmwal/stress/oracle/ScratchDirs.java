package dev.mmwal.stress.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Scratch directories for tests whose subject is bytes, not the disk (corpus, fuzzing, images of
 * simulated power loss): on {@code /dev/shm} when it is there and roomy, so the fdatasyncs every
 * open performs cost nothing; else under the test's own temporary directory. Tests of real
 * durability (process crashes) never use this.
 */
public final class ScratchDirs {
    private static final Path SHM = Path.of("/dev/shm");
    private static final long MIN_FREE = 256L << 20;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private ScratchDirs() {
    }

    /** A new empty directory, removed when the JVM exits. */
    public static Path create(final Path fallbackParent, final String name) {
        try {
            final Path parent = memoryBacked() ? SHM : fallbackParent;
            final Path dir = parent.resolve("mmwal-stress-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + name);
            Files.createDirectories(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return dir;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean memoryBacked() {
        try {
            if (!Files.isDirectory(SHM) || !Files.isWritable(SHM)) {
                return false;
            }
            final FileStore store = Files.getFileStore(SHM);
            return store.getUsableSpace() >= MIN_FREE;
        } catch (final IOException ex) {
            return false;
        }
    }

    public static void deleteQuietly(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (final IOException ignored) {
            // best effort: a leftover scratch directory is harmless
        }
    }
}

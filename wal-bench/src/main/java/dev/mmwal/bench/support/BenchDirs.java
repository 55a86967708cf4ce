package dev.mmwal.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Scratch directories for benchmark data. Every system under test writes below the same base
 * directory, so all of them use the same file system and disk. The base is the system property
 * {@code mmwal.bench.dir}, else {@code /tmp/mmwal-bench}. Each benchmark deletes what it created.
 */
public final class BenchDirs {
    /** Property naming the base directory. */
    public static final String DIR_PROPERTY = "mmwal.bench.dir";

    private BenchDirs() {
    }

    public static Path base() {
        return Path.of(System.getProperty(DIR_PROPERTY, "/tmp/mmwal-bench")).toAbsolutePath();
    }

    /** A new empty directory under {@link #base()}, named after {@code label}. */
    public static Path create(final String label) {
        try {
            final Path base = Files.createDirectories(base());
            return Files.createTempDirectory(base, label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot create benchmark directory: base=" + base() + ", label=" + label, ex);
        }
    }

    /** Deletes {@code dir} and everything below it; a missing directory is not an error. */
    public static void delete(final Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                    deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path visited, final IOException ex) throws IOException {
                    deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot delete benchmark directory: dir=" + dir, ex);
        }
    }

    private static void deleteIfExists(final Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (final NoSuchFileException ignored) {
            // a peer's background thread removed it first
        }
    }

    /** Total bytes of the regular files below {@code dir}; files renamed or deleted meanwhile are skipped. */
    public static long sizeOf(final Path dir) {
        final long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(final Path file, final IOException ex) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot measure benchmark directory: dir=" + dir, ex);
        }
        return total[0];
    }
}

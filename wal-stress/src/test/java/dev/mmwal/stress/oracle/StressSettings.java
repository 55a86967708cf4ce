package dev.mmwal.stress.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The knobs of the stress tests, read from system properties (Maven passes them through
 * surefire): the defaults are the fast slice `verify` runs; docs/reliability.md gives the long-run
 * values. Every randomized test derives its seed from {@link #seed(String)}, prints it, and
 * replays exactly with {@code -Dstress.seed=<seed>}.
 */
public final class StressSettings {
    private StressSettings() {
    }

    public static int intProperty(final String name, final int defaultValue) {
        final String value = System.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }

    /** The seed for {@code test}: {@code -Dstress.seed} when given and non-zero, else a fresh one. */
    public static long seed(final String test) {
        final String value = System.getProperty("stress.seed");
        long seed = value == null || value.isBlank() ? 0 : Long.decode(value.trim());
        if (seed == 0) {
            seed = System.nanoTime() ^ (System.currentTimeMillis() << 20) ^ test.hashCode();
        }
        System.out.println("[stress] " + test + " seed=" + seed + " (replay: -Dstress.seed=" + seed + ")");
        return seed;
    }

    /** Appends one line to {@code target/stress-reports/<name>.txt} (the figures docs/reliability.md quotes). */
    public static void report(final String name, final String line) {
        final String dir = System.getProperty("stress.report.dir", "target/stress-reports");
        try {
            final Path path = Path.of(dir);
            Files.createDirectories(path);
            Files.writeString(path.resolve(name + ".txt"), line + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        System.out.println("[stress] " + name + ": " + line);
    }
}

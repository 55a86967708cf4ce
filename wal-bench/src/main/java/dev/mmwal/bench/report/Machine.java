package dev.mmwal.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the results were measured on: CPU model and count, memory, kernel, JDK, the file system
 * and device under the benchmark directory, and the load average before the run (other work on
 * the machine is the main source of noise).
 *
 * @param summary one line for the report.
 */
record Machine(String summary) {
    static Machine describe(final Path benchDir) {
        final String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        final String memory = firstMatch(Path.of("/proc/meminfo"), "MemTotal").map(Machine::gib).orElse("? GiB");
        final String load = read(Path.of("/proc/loadavg")).map(text -> String.join(" ", List.of(text.split(" ")).subList(0, 3))).orElse("?");
        final String summary = String.format(Locale.ROOT, "Machine: %d cores (%s), %s RAM, Linux %s, JDK %s, bench dir %s on %s; load average at start %s.",
            Runtime.getRuntime().availableProcessors(), cpu, memory, System.getProperty("os.version"), System.getProperty("java.version"),
            benchDir, mountOf(benchDir), load);
        return new Machine(summary);
    }

    private static java.util.Optional<String> firstMatch(final Path file, final String key) {
        return read(file).flatMap(text -> text.lines().filter(line -> line.startsWith(key)).findFirst())
            .map(line -> line.substring(line.indexOf(':') + 1).trim());
    }

    private static String gib(final String memTotal) {
        final long kib = Long.parseLong(memTotal.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.0f GiB", kib / 1048576.0);
    }

    private static java.util.Optional<String> read(final Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (final IOException ex) {
            return java.util.Optional.empty();
        }
    }

    /** The file system type and device of the longest mount point that contains {@code dir}. */
    private static String mountOf(final Path dir) {
        final String path = dir.toAbsolutePath().toString();
        return read(Path.of("/proc/mounts")).map(text -> {
            String best = "?";
            int bestLength = -1;
            for (final String line : text.lines().toList()) {
                final String[] fields = line.split(" ");
                if (fields.length > 2 && (path.equals(fields[1]) || path.startsWith(fields[1].endsWith("/") ? fields[1] : fields[1] + "/"))
                    && fields[1].length() > bestLength) {
                    bestLength = fields[1].length();
                    best = fields[2] + " on " + fields[0];
                }
            }
            return best;
        }).orElse("?");
    }
}

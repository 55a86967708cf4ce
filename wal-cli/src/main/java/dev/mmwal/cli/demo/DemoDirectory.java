package dev.mmwal.cli.demo;

import dev.mmwal.cli.CliException;
import dev.mmwal.cli.ExitCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Stream;

/** Where a demo writes: a fresh stamped folder, or one the user named that is new, empty or already the demo's. */
final class DemoDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** Whether an existing directory already holds what the demo writes (a log, a store). */
    @FunctionalInterface
    interface Ours {
        boolean test(Path directory) throws IOException;
    }

    private DemoDirectory() {
    }

    /**
     * A new folder {@code prefix-STAMP} (with a suffix when taken) when {@code requested} is null;
     * else {@code requested}, created when missing. Never litters a folder that holds other things.
     *
     * @param isOurs  true for an existing directory the demo may reuse (a log, a store).
     * @param holds   what such a directory holds, for the message ("log", "store").
     * @param hint    what to give instead, for the message.
     * @throws CliException when {@code requested} is not a directory, or is not empty and not ours.
     */
    static Path prepare(final Path requested, final String prefix, final Ours isOurs, final String holds,
                        final String hint) throws IOException {
        if (requested == null) {
            final String base = prefix + "-" + LocalDateTime.now().format(STAMP);
            Path fresh = Path.of(base);
            for (int i = 2; Files.exists(fresh); i++) {
                fresh = Path.of(base + "-" + i);
            }
            return Files.createDirectories(fresh);
        }
        if (!Files.exists(requested)) {
            return Files.createDirectories(requested);
        }
        if (!Files.isDirectory(requested)) {
            throw new CliException(ExitCodes.NO_INPUT, "not a directory: path=" + requested);
        }
        if (!isOurs.test(requested)) {
            try (Stream<Path> entries = Files.list(requested)) {
                if (entries.findAny().isPresent()) {
                    throw new CliException(ExitCodes.USAGE, "directory is not empty and holds no " + holds + ": dir=" + requested
                        + " (" + hint + ")");
                }
            }
        }
        return requested;
    }
}

package dev.mmwal.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The layer rules of wal-core (docs/design.md, "Layers"), read from the sources: each package
 * imports only the packages below it, internal code uses only the API's value types (never its
 * facades), and one class alone publishes records.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.mmwal[\\w.]*)\\.([A-Z]\\w*)", Pattern.MULTILINE);

    /** Bottom to top: a package may import only those before it in this list (and itself). */
    private static final List<String> LAYERS = List.of(
        "dev.mmwal.io",
        "dev.mmwal.format",
        "dev.mmwal.commit",
        "dev.mmwal.api-values",
        "dev.mmwal.internal.segment",
        "dev.mmwal.internal.log",
        "dev.mmwal.internal.flush",
        "dev.mmwal.internal.recovery",
        "dev.mmwal.inspect",
        "dev.mmwal");

    /**
     * The API's value types: configuration, enums, reports, exceptions, and the listener interface
     * the configuration carries (internal code calls it, off the hot path). Internal code may use these.
     */
    private static final Set<String> API_VALUES = Set.of("WalConfig", "WalException", "WalClosedException", "WalFailedException",
        "WalCorruptionException", "RecoveryMode", "RecoveryReport", "SyncMethod", "WritePath", "WalMetrics", "ReadBound",
        "Durability", "WalConfigException", "WalListener");

    @Test
    void shouldImportOnlyDownwardLayers() throws IOException {
        final Map<String, Set<String>> upward = new TreeMap<>();
        for (final Path file : sources()) {
            final String source = Files.readString(file);
            final String from = layerOf(packageOf(source), file.getFileName().toString().replace(".java", ""));
            final Matcher m = IMPORT.matcher(source);
            while (m.find()) {
                final String to = layerOf(m.group(1), m.group(2));
                if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                    upward.computeIfAbsent(file.toString(), k -> new TreeSet<>()).add(m.group(1) + "." + m.group(2));
                }
            }
        }
        assertEquals(Map.of(), upward, "imports pointing up the layers");
    }

    @Test
    void shouldPublishRecordsOnlyInTheRecordWriter() throws IOException {
        final List<String> publishers = new ArrayList<>();
        for (final Path file : sources()) {
            if (Files.readString(file).contains("frameLengthRelease(") && !file.endsWith("RecordWriter.java")
                && !file.endsWith("RecordDescriptor.java")) {
                publishers.add(file.toString());
            }
        }
        assertEquals(List.of(), publishers, "classes that store a frame length with release (the publication point)");
    }

    private static String layerOf(final String pkg, final String type) {
        if (pkg.equals("dev.mmwal") && API_VALUES.contains(type)) {
            return "dev.mmwal.api-values";
        }
        if (!LAYERS.contains(pkg)) {
            throw new AssertionError("package missing from the layer list: " + pkg + " (add it to LAYERS and docs/design.md)");
        }
        return pkg;
    }

    private static String packageOf(final String source) {
        final Matcher m = PACKAGE.matcher(source);
        if (!m.find()) {
            throw new AssertionError("no package declaration");
        }
        return m.group(1);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java") && !p.endsWith("package-info.java"))
                .sorted().toList();
        }
    }
}

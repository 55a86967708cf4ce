package dev.mmwal.docs;

import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the README's embedding example and checks the README shows exactly this code. */
class ReadmeTest {
    @TempDir
    Path tmp;

    List<String> example(final Path dir) {
        final List<String> seen = new ArrayList<>();
        // readme:begin
        try (Wal wal = Wal.open(WalConfig.builder(dir).build())) {
            long lsn = wal.append("hello".getBytes(StandardCharsets.UTF_8));   // published: survives a process crash
            wal.awaitDurable(lsn);                                              // durable: survives power loss
            wal.appendAndCommit("world".getBytes(StandardCharsets.UTF_8));      // both in one call

            WalReader reader = wal.reader(0);
            LogRecord record = new LogRecord();                                 // reusable zero-copy view
            while (reader.next(record)) {
                seen.add(record.lsn() + " " + new String(record.payloadBytes(), StandardCharsets.UTF_8));
            }
        }
        // readme:end
        return seen;
    }

    @Test
    void shouldRunTheReadmeExampleAndMatchTheReadme() throws IOException {
        assertEquals(List.of("128 hello", "184 world"), example(tmp.resolve("log")));
        final String source = Files.readString(Path.of("src/test/java/dev/mmwal/docs/ReadmeTest.java"));
        final String snippet = source.substring(source.indexOf("// readme:begin") + "// readme:begin".length(), source.indexOf("        // readme:end"));
        final String readme = Files.readString(FormatDocTest.docsDir().getParent().resolve("README.md"));
        for (final String line : snippet.strip().lines().map(String::strip).toList()) {
            assertTrue(readme.contains(line), "README.md lacks the example line: " + line);
        }
    }
}

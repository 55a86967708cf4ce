package dev.mmwal.docs;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keeps the annotated hex dump in docs/format.md true: writes the same record the document shows
 * and compares the bytes. Run with {@code -Dmmwal.docs.print=true} to print the dump afresh.
 */
class FormatDocTest {
    /** A transaction-range code (wal-txn's UPDATE): the header-rich record these tests write. */
    private static final byte TXN_UPDATE = 0x11;

    private static final String BEGIN = "<!-- hexdump:begin -->";
    private static final String END = "<!-- hexdump:end -->";

    @TempDir
    Path dir;

    static String exampleRecordHex(final Path dir) throws IOException {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64 << 10).build()); Arena arena = Arena.ofConfined()) {
            final byte[] bytes = "oldvnew-value".getBytes(StandardCharsets.US_ASCII);
            final MemorySegment payload = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, payload, ValueLayout.JAVA_BYTE, 0, bytes.length);
            wal.append(TXN_UPDATE, 7, 0, 3, (byte)0, 16, 4, payload, 0, bytes.length);
        }
        final byte[] segment = Files.readAllBytes(dir.resolve(SegmentDescriptor.fileName(0)));
        final StringBuilder out = new StringBuilder();
        final int start = SegmentDescriptor.HEADER_LENGTH;
        for (int row = 0; row < 64; row += 16) {
            out.append(String.format("%08x ", start + row));
            for (int i = 0; i < 16; i++) {
                out.append(String.format(" %02x", segment[start + row + i] & 0xFF));
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void shouldMatchTheHexDumpInFormatDocWhenWritingTheExampleRecord() throws IOException {
        final String actual = exampleRecordHex(dir);
        if (Boolean.getBoolean("mmwal.docs.print")) {
            System.out.println(actual);
        }
        final String doc = Files.readString(docsDir().resolve("format.md"));
        final int begin = doc.indexOf(BEGIN);
        final int end = doc.indexOf(END);
        final String block = doc.substring(begin + BEGIN.length(), end).replace("```text", "").replace("```", "").strip();
        assertEquals(actual.strip(), block, "docs/format.md hex dump drifted from the code");
    }

    static Path docsDir() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("docs"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("no docs directory above " + Path.of("").toAbsolutePath());
        }
        return here.resolve("docs");
    }
}

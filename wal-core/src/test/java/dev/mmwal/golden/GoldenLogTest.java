package dev.mmwal.golden;

import dev.mmwal.LogRecord;
import dev.mmwal.ReadOnlyWal;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalReader;
import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logs written by each released format version ({@code src/test/resources/golden/vN}, made by
 * {@link GoldenLogWriter} under that version's code) open and read byte-exact under this one:
 * every record's LSN, type, header fields and payload CRC equal the committed manifest
 * ({@code records.txt}), reading changes no byte, and a writer appends to the old log.
 */
class GoldenLogTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void shouldReadEveryRecordByteExactWhenOpenedReadOnly(final int version) throws Exception {
        final Path golden = golden(version);
        final List<byte[]> before = segmentBytes(golden);
        try (ReadOnlyWal wal = ReadOnlyWal.open(golden)) {
            assertEquals(manifest(golden), describe(wal.reader(0)));
        }
        final List<byte[]> after = segmentBytes(golden);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "a read-only open changes no byte");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void shouldRecoverCleanAndAppendWhenOpenedForWriting(final int version) throws Exception {
        final Path copy = tmp.resolve("v" + version);
        copyTree(golden(version), copy);
        final List<String> expected = new ArrayList<>(manifest(golden(version)));
        try (Wal wal = Wal.open(WalConfig.builder(copy).segmentSize(64 << 10).build())) {
            assertTrue(wal.recoveryReport().clean(), wal.recoveryReport().toString());
            assertEquals(expected, describe(wal.reader(0)));
            final byte[] payload = GoldenLogWriter.payload(5000, 60_000);
            for (int i = 0; i < 3; i++) {
                final long lsn = wal.append(payload);
                expected.add(line(lsn, (byte)1, 0, 0, 0, (byte)0, 0, 0, MemorySegment.ofArray(payload), 0, payload.length));
            }
            wal.flush();
        }
        try (Wal wal = Wal.open(WalConfig.builder(copy).segmentSize(64 << 10).build())) {
            assertEquals(expected, describe(wal.reader(0)), "old and new segments read together");
        }
        final Path newest;
        try (Stream<Path> files = Files.list(copy)) {
            newest = files.filter(p -> p.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).max(Path::compareTo).orElseThrow();
        }
        assertEquals(SegmentDescriptor.FORMAT_VERSION, Files.readAllBytes(newest)[SegmentDescriptor.VERSION_OFFSET],
            "segments created now carry this version");
    }

    static List<String> describe(final WalReader reader) {
        final List<String> lines = new ArrayList<>();
        final LogRecord r = new LogRecord();
        while (reader.next(r)) {
            lines.add(line(r.lsn(), r.type(), r.txnId(), r.prevLsn(), r.pageId(), r.flags(), r.pageOffset(), r.beforeLength(),
                r.buffer(), r.payloadOffset(), r.payloadLength()));
        }
        return lines;
    }

    private static String line(final long lsn, final byte type, final long txnId, final long prevLsn, final long pageId, final byte flags,
                               final int pageOffset, final int beforeLength, final MemorySegment memory, final long offset, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(memory.asSlice(offset, length).asByteBuffer());
        return lsn + " type=" + (type & 0xFF) + " txnId=" + txnId + " prevLsn=" + prevLsn + " pageId=" + pageId + " flags=" + flags
            + " pageOffset=" + pageOffset + " beforeLength=" + beforeLength + " length=" + length + " crc=" + Long.toHexString(crc.getValue());
    }

    static Path golden(final int version) throws URISyntaxException {
        return Path.of(GoldenLogTest.class.getResource("/golden/v" + version + "/records.txt").toURI()).getParent();
    }

    private static List<String> manifest(final Path golden) throws IOException {
        return Files.readAllLines(golden.resolve("records.txt")).stream().filter(l -> !l.startsWith("#")).toList();
    }

    private static List<byte[]> segmentBytes(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).sorted().map(p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (final IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }).toList();
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (final Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    /** Writes {@code records.txt} for a golden log just made: {@code GoldenLogTest DIR VERSION}. */
    public static void main(final String[] args) throws IOException {
        final Path dir = Path.of(args[0]);
        try (ReadOnlyWal wal = ReadOnlyWal.open(dir)) {
            final List<String> lines = new ArrayList<>();
            lines.add("# format version " + args[1] + " golden log, written by GoldenLogWriter under that version; one line per record");
            lines.addAll(describe(wal.reader(0)));
            Files.write(dir.resolve("records.txt"), lines);
        }
    }
}

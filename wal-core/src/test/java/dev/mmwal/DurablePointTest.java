package dev.mmwal;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the segment headers say is durable must be there: recovery refuses a log where it is not. */
class DurablePointTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToOpenWhenAWatermarkLiesPastTheLastSegment() throws IOException {
        try (Wal wal = Wal.open(config(RecoveryMode.TOLERATE_TORN_TAIL))) {
            for (int i = 0; i < 10; i++) {
                wal.append(Payloads.bytes(i, 100));
            }
        }
        final Path last;
        try (var files = Files.list(dir)) {
            last = files.filter(p -> p.toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).max(Path::compareTo).orElseThrow();
        }
        final long beyond = SegmentDescriptor.parseFileName(last.getFileName().toString()) + SEGMENT + 4096;
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE); Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, SegmentDescriptor.HEADER_LENGTH, arena);
            SegmentDescriptor.durableWatermark(memory, beyond);
        }
        final byte[] before = Files.readAllBytes(last);
        final WalCorruptionException ex = assertThrows(WalCorruptionException.class, () -> Wal.open(config(RecoveryMode.TOLERATE_TORN_TAIL)));
        assertTrue(ex.getMessage().contains("durableWatermark=" + beyond), ex.getMessage());
        assertThrows(WalCorruptionException.class, () -> Wal.open(config(RecoveryMode.ABSOLUTE_CONSISTENCY)));
        assertEquals(java.util.Arrays.hashCode(before), java.util.Arrays.hashCode(Files.readAllBytes(last)), "a refused open writes nothing");
        try (Wal wal = Wal.open(config(RecoveryMode.POINT_IN_TIME))) {
            int n = 0;
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            while (reader.next(record)) {
                n++;
            }
            assertEquals(10, n, "the salvage mode keeps what is there");
        }
        try (Wal wal = Wal.open(config(RecoveryMode.TOLERATE_TORN_TAIL))) {
            assertTrue(wal.durableLsn() < beyond, "the salvage lowered the watermark, so the default open works again");
        }
    }

    @Test
    void shouldRefuseADirectoryNamedLikeASegment() throws IOException {
        try (Wal wal = Wal.open(config(RecoveryMode.TOLERATE_TORN_TAIL))) {
            wal.append(Payloads.bytes(1, 100));
        }
        final Path impostor = dir.resolve(SegmentDescriptor.fileName(64 * SEGMENT));
        Files.createDirectory(impostor);
        final WalCorruptionException ex = assertThrows(WalCorruptionException.class, () -> Wal.open(config(RecoveryMode.TOLERATE_TORN_TAIL)));
        assertTrue(ex.getMessage().contains("not a regular file") && ex.getMessage().contains(impostor.getFileName().toString()), ex.getMessage());
        final WalCorruptionException readOnly = assertThrows(WalCorruptionException.class, () -> ReadOnlyWal.open(dir).close());
        assertTrue(readOnly.getMessage().contains("not a regular file"), readOnly.getMessage());
    }

    private WalConfig config(final RecoveryMode mode) {
        return WalConfig.builder(dir).segmentSize(SEGMENT).recoveryMode(mode).build();
    }
}

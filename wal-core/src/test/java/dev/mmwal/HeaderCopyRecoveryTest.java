package dev.mmwal;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One damaged segment-header copy (a torn in-place update, a bad sector) costs nothing: the other
 * copy is trusted, and the writer's recovery rewrites the damaged one, sealing the segment again
 * when the damaged copy was the only one that said so.
 */
class HeaderCopyRecoveryTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    private WalConfig config() {
        return WalConfig.builder(dir).segmentSize(SEGMENT).build();
    }

    private int writeThreeSegments() {
        int records = 0;
        try (Wal wal = Wal.open(config())) {
            while (wal.tailLsn() < 2 * SEGMENT + 1_000) {
                wal.appendAndCommit(Payloads.bytes(records++, 1_000));
            }
        }
        return records;
    }

    private static MemorySegment header(final Path file) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        final MemorySegment memory = Arena.ofAuto().allocate(SegmentDescriptor.HEADER_LENGTH, Long.BYTES);
        MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, 0, SegmentDescriptor.HEADER_LENGTH);
        return memory;
    }

    private static void flip(final Path file, final long offset) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[(int)offset] ^= 0x10;
        Files.write(file, bytes);
    }

    @Test
    void shouldSealAgainAndRewriteTheCopyWhenTheOnlySealedCopyIsDamaged() throws IOException {
        final int records = writeThreeSegments();
        final Path first = dir.resolve(SegmentDescriptor.fileName(0));
        final MemorySegment before = header(first);
        assertTrue(SegmentDescriptor.isSealedNow(before), "the first segment was sealed");
        final long sealedCopy = SegmentDescriptor.currentOffset(before);
        assertTrue(!SegmentDescriptor.isSealed(before.asSlice(SegmentDescriptor.COPY_LENGTH - sealedCopy, SegmentDescriptor.COPY_LENGTH)),
            "the other copy holds the state before the seal");
        flip(first, sealedCopy + SegmentDescriptor.DURABLE_WATERMARK_OFFSET);
        assertTrue(!SegmentDescriptor.isSealedNow(header(first)), "with its sealed copy damaged the segment reads unsealed");

        try (Wal wal = Wal.open(config())) {
            assertEquals(records, count(wal));
            assertTrue(wal.recoveryReport().truncated().isEmpty(), wal.recoveryReport().toString());
        }
        final MemorySegment after = header(first);
        assertTrue(SegmentDescriptor.isValidCopy(after, 0) && SegmentDescriptor.isValidCopy(after, SegmentDescriptor.COPY_LENGTH));
        assertTrue(SegmentDescriptor.isSealedNow(after), "sealed again");
    }

    @Test
    void shouldRewriteTheDamagedCopyFromTheTrustedOne() throws IOException {
        final int records = writeThreeSegments();
        final Path second = dir.resolve(SegmentDescriptor.fileName(SEGMENT));
        final long trusted = SegmentDescriptor.currentOffset(header(second));
        final long other = SegmentDescriptor.COPY_LENGTH - trusted;
        flip(second, other + SegmentDescriptor.BASE_LSN_OFFSET);

        try (Wal wal = Wal.open(config())) {
            assertEquals(records, count(wal));
        }
        final MemorySegment after = header(second);
        assertTrue(SegmentDescriptor.isValidCopy(after, other), "the damaged copy was rewritten");
        assertEquals(SEGMENT, SegmentDescriptor.baseLsn(after.asSlice(other, SegmentDescriptor.COPY_LENGTH)));
    }

    private static int count(final Wal wal) {
        final WalReader reader = wal.reader(0);
        final LogRecord record = new LogRecord();
        int n = 0;
        while (reader.next(record)) {
            assertTrue(Payloads.matches(record.buffer(), record.payloadOffset(), record.payloadLength(), n));
            n++;
        }
        return n;
    }
}

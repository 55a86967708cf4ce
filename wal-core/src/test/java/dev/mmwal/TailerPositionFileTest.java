package dev.mmwal;

import dev.mmwal.format.Checksums;
import dev.mmwal.format.TailerPositionDescriptor;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The named tailer's position file: its layout on disk, older formats, torn copies, and its I/O through FileOps. */
class TailerPositionFileTest {
    @TempDir
    Path dir;

    private Path file() {
        return WalTailer.positionFile(dir, "billing");
    }

    /** Commits after reading {@code records} records, through {@code ops}; returns the position committed. */
    private static long commitAfter(final Wal wal, final FaultInjectingFileOps ops, final Path file, final int records) {
        final WalTailer tailer = new WalTailer(wal.reader(WalTailer.readPosition(ops, file, wal.firstLsn())), new BackoffIdleStrategy(), ops,
            file, () -> false);
        final LogRecord record = new LogRecord();
        for (int i = 0; i < records; i++) {
            assertTrue(tailer.take(record));
        }
        tailer.commitPosition();
        return tailer.position();
    }

    private static Wal openWithRecords(final Path dir, final int records) {
        final Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(WalConfig.MIN_SEGMENT_SIZE).build());
        for (int i = 0; i < records; i++) {
            wal.append(Payloads.bytes(i, 40));
        }
        return wal;
    }

    @Test
    void shouldWriteTwoCopiesAlternatelyWithOneSyncPerCommitThroughFileOps() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = openWithRecords(dir, 50)) {
            final long first = commitAfter(wal, ops, file(), 10);
            assertEquals(TailerPositionDescriptor.FILE_LENGTH, Files.size(file()));
            assertEquals(1, ops.calls(FaultInjectingFileOps.Site.RENAME), "the first commit creates the file whole and renames it");
            final long syncsAfterCreate = ops.calls(FaultInjectingFileOps.Site.SYNC_DATA);

            final WalTailer tailer = new WalTailer(wal.reader(first), new BackoffIdleStrategy(), ops, file(), () -> false);
            final LogRecord record = new LogRecord();
            assertTrue(tailer.take(record));
            tailer.commitPosition();
            assertTrue(tailer.take(record));
            tailer.commitPosition();
            assertEquals(1, ops.calls(FaultInjectingFileOps.Site.RENAME), "later commits overwrite a copy in place");
            assertEquals(syncsAfterCreate + 2, ops.calls(FaultInjectingFileOps.Site.SYNC_DATA));
            assertEquals(tailer.position(), WalTailer.readPosition(ops, file(), -1));

            final MemorySegment image = Arena.ofAuto().allocate(TailerPositionDescriptor.FILE_LENGTH, 8);
            MemorySegment.copy(MemorySegment.ofArray(Files.readAllBytes(file())), 0, image, 0, TailerPositionDescriptor.FILE_LENGTH);
            assertTrue(TailerPositionDescriptor.isValidCopy(image, 0) && TailerPositionDescriptor.isValidCopy(image, 32));
            assertEquals(3, TailerPositionDescriptor.sequence(image, TailerPositionDescriptor.currentOffset(image)));
        }
    }

    @Test
    void shouldKeepThePreviousPositionWhenACommitsWriteFails() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = openWithRecords(dir, 50)) {
            final long committed = commitAfter(wal, ops, file(), 10);
            ops.failAfter(FaultInjectingFileOps.Site.WRITE, 0, 1, "EIO");
            final WalException failure = assertThrows(WalException.class, () -> commitAfter(wal, ops, file(), 5));
            assertTrue(failure.getMessage().startsWith("cannot commit tailer position: file=" + file()), failure::getMessage);
            assertEquals(committed, WalTailer.readPosition(ops, file(), -1), "a failed commit leaves the committed copy trusted");
        }
    }

    @Test
    void shouldFallBackToTheOlderCopyWhenTheNewerIsTorn() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = openWithRecords(dir, 50)) {
            final long first = commitAfter(wal, ops, file(), 10);
            commitAfter(wal, ops, file(), 3);
            final byte[] bytes = Files.readAllBytes(file());
            bytes[TailerPositionDescriptor.COPY_LENGTH + TailerPositionDescriptor.POSITION_OFFSET] ^= 0x08;
            Files.write(file(), bytes);
            assertEquals(first, WalTailer.readPosition(ops, file(), -1));
            bytes[TailerPositionDescriptor.POSITION_OFFSET] ^= 0x08;
            Files.write(file(), bytes);
            final WalCorruptionException both = assertThrows(WalCorruptionException.class, () -> WalTailer.readPosition(ops, file(), -1));
            assertTrue(both.getMessage().startsWith("tailer position file is damaged in both copies: file=" + file() + ", length=64"), both::getMessage);
        }
    }

    @Test
    void shouldRefuseANewerFormatVersionNamingBoth() throws Exception {
        final MemorySegment image = Arena.ofAuto().allocate(TailerPositionDescriptor.FILE_LENGTH, 8);
        TailerPositionDescriptor.write(image, 0, 4096, 1);
        image.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, TailerPositionDescriptor.VERSION_OFFSET, 3);
        image.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, TailerPositionDescriptor.CRC_OFFSET, TailerPositionDescriptor.computeCrc(image, 0));
        Files.createDirectories(file().getParent());
        Files.write(file(), image.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        final WalCorruptionException ex = assertThrows(WalCorruptionException.class, () -> WalTailer.readPosition(PosixFileOps.INSTANCE, file(), -1));
        assertEquals("tailer position file format version is not supported: file=" + file() + ", fileVersion=3, softwareVersion=2", ex.getMessage());
    }

    @Test
    void shouldReadVersionOneAndBareFilesAndRewriteThemInTheNewLayout() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = openWithRecords(dir, 50)) {
            final long at20;
            final long at10 = commitAfter(wal, ops, file(), 10);
            at20 = commitAfter(wal, ops, file(), 10);
            Files.delete(file());

            final ByteBuffer v1 = ByteBuffer.allocate(TailerPositionDescriptor.V1_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            v1.putLong(0, TailerPositionDescriptor.MAGIC).putLong(8, at10);
            v1.putInt(16, Checksums.crc32c(MemorySegment.ofArray(v1.array()), 0, 16));
            Files.write(file(), v1.array());
            assertEquals(at10, WalTailer.readPosition(ops, file(), -1), "a version-1 file (24 bytes, as written before the descriptor)");

            final ByteBuffer bare = ByteBuffer.allocate(TailerPositionDescriptor.BARE_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putLong(0, at20);
            Files.write(file(), bare.array());
            assertEquals(at20, WalTailer.readPosition(ops, file(), -1), "a bare 8-byte position");

            final long renames = ops.calls(FaultInjectingFileOps.Site.RENAME);
            final long at25 = commitAfter(wal, ops, file(), 5);
            assertEquals(renames + 1, ops.calls(FaultInjectingFileOps.Site.RENAME), "an older file is replaced whole");
            assertEquals(TailerPositionDescriptor.FILE_LENGTH, Files.size(file()));
            assertEquals(at25, WalTailer.readPosition(ops, file(), -1));
            assertFalse(Files.exists(file().resolveSibling("billing.pos.tmp")));
        }
    }

    @Test
    void shouldRefuseAnImpossiblePositionOrLength() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 4097).array());
        assertTrue(assertThrows(WalCorruptionException.class, () -> WalTailer.readPosition(PosixFileOps.INSTANCE, file(), -1)).getMessage()
            .startsWith("tailer position file holds an impossible position: position=4097"));
        Files.write(file(), new byte[13]);
        assertTrue(assertThrows(WalCorruptionException.class, () -> WalTailer.readPosition(PosixFileOps.INSTANCE, file(), -1)).getMessage()
            .startsWith("tailer position file has an unknown length: file=" + file() + ", length=13"));
        assertEquals(77, WalTailer.readPosition(PosixFileOps.INSTANCE, dir.resolve("tailers/none.pos"), 77));
    }
}

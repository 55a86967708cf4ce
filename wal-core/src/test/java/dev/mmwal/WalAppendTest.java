package dev.mmwal;

import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalAppendTest {
    /** A transaction-range code (wal-txn's UPDATE): the header-rich record these tests write. */
    private static final byte TXN_UPDATE = 0x11;

    @TempDir
    Path dir;

    private WalConfig config(final long segmentSize) {
        return WalConfig.builder(dir).segmentSize(segmentSize).build();
    }

    @Test
    void shouldReadBackEveryRecordWhenReopened() {
        final List<Long> lsns = new ArrayList<>();
        try (Wal wal = Wal.open(config(64 << 10))) {
            for (int i = 0; i < 2000; i++) {
                lsns.add(wal.append(Payloads.bytes(i, i % 300)));
            }
        }
        try (Wal wal = Wal.open(config(64 << 10))) {
            assertTrue(wal.recoveryReport().clean(), wal.recoveryReport().toString());
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            for (int i = 0; i < 2000; i++) {
                assertTrue(reader.next(record), "record " + i);
                assertEquals(lsns.get(i), record.lsn());
                assertArrayEquals(Payloads.bytes(i, i % 300), record.payloadBytes());
            }
            assertFalse(reader.next(record));
        }
    }

    @Test
    void shouldGiveLsnEqualToBytePositionWhenAppending() {
        try (Wal wal = Wal.open(config(64 << 10))) {
            final long first = wal.append(new byte[0]);
            assertEquals(SegmentDescriptor.HEADER_LENGTH, first);
            final long second = wal.append(new byte[1]);
            assertEquals(first + 48, second);
            final long third = wal.append(new byte[8]);
            assertEquals(second + 56, third);
            assertEquals(third + 56, wal.tailLsn());
        }
    }

    @Test
    void shouldPadSegmentTailWhenRecordDoesNotFit() {
        final long size = 64 << 10;
        try (Wal wal = Wal.open(config(size))) {
            final int payload = 40_000;
            final long a = wal.append(new byte[payload]);
            final long b = wal.append(new byte[payload]);
            assertEquals(0, a >>> 16);
            assertEquals(size + SegmentDescriptor.HEADER_LENGTH, b);
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            assertTrue(reader.next(record));
            assertEquals(a, record.lsn());
            assertTrue(reader.next(record));
            assertEquals(b, record.lsn());
        }
    }

    @Test
    void shouldFillWholeSegmentWhenPayloadIsTheMaximum() {
        final long size = 64 << 10;
        try (Wal wal = Wal.open(config(size))) {
            final int max = dev.mmwal.format.Lsns.maxPayloadLength(size);
            final long a = wal.append(Payloads.bytes(1, max));
            final long b = wal.append(Payloads.bytes(2, max));
            final long c = wal.append(Payloads.bytes(3, 10));
            assertEquals(size + SegmentDescriptor.HEADER_LENGTH, b);
            assertEquals(2 * size + SegmentDescriptor.HEADER_LENGTH, c);
            final WalReader reader = wal.reader(a);
            final LogRecord record = new LogRecord();
            for (int key = 1; key <= 3; key++) {
                assertTrue(reader.next(record));
                assertArrayEquals(Payloads.bytes(key, key == 3 ? 10 : max), record.payloadBytes());
            }
        }
    }

    @Test
    void shouldRejectPayloadLargerThanSegmentWhenAppending() {
        try (Wal wal = Wal.open(config(64 << 10))) {
            final long tail = wal.tailLsn();
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> wal.append(new byte[70_000]));
            assertTrue(ex.getMessage().contains("payloadLength=70000"), ex.getMessage());
            assertTrue(ex.getMessage().contains("maxPayloadLength="), ex.getMessage());
            assertEquals(tail, wal.tailLsn(), "nothing half-written");
        }
    }

    @Test
    void shouldCarryHeaderFieldsWhenAppendingWithFullForm() {
        try (Wal wal = Wal.open(config(64 << 10)); Arena arena = Arena.ofConfined()) {
            final MemorySegment payload = arena.allocate(20);
            payload.fill((byte)5);
            final long lsn = wal.append(TXN_UPDATE, 77, 64, 9, (byte)3, 513, 8, payload, 0, 20);
            final LogRecord record = new LogRecord();
            final WalReader reader = wal.reader(lsn);
            assertTrue(reader.next(record));
            assertEquals(TXN_UPDATE, record.type());
            assertEquals(77, record.txnId());
            assertEquals(64, record.prevLsn());
            assertEquals(9, record.pageId());
            assertEquals(3, record.flags());
            assertEquals(513, record.pageOffset());
            assertEquals(8, record.beforeLength());
            assertEquals(20, record.payloadLength());
            assertThrows(IllegalArgumentException.class, () -> wal.append(RecordType.PADDING, 0, 0, 0, payload, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> wal.append(TXN_UPDATE, 0, 0, 0, (byte)0, 0, 21, payload, 0, 20));
        }
    }

    @Test
    void shouldEncodeInPlaceWhenClaiming() {
        try (Wal wal = Wal.open(config(64 << 10))) {
            final AppendClaim claim = new AppendClaim();
            final long lsn = wal.tryClaim(16, claim);
            assertTrue(lsn > 0);
            claim.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, claim.payloadOffset(), 42L);
            claim.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, claim.payloadOffset() + 8, 43L);
            claim.txnId(5).commit();
            assertThrows(IllegalStateException.class, claim::commit);
            final LogRecord record = new LogRecord();
            final WalReader reader = wal.reader(lsn);
            assertTrue(reader.next(record));
            assertEquals(5, record.txnId());
            assertEquals(42L, record.buffer().get(ValueLayout.JAVA_LONG_UNALIGNED, record.payloadOffset()));
        }
    }

    @Test
    void shouldLeaveSkipRecordNotHoleWhenClaimAborted() {
        try (Wal wal = Wal.open(config(64 << 10))) {
            final AppendClaim claim = new AppendClaim();
            final long aborted = wal.tryClaim(100, claim);
            claim.abort();
            final long after = wal.append(Payloads.bytes(7, 30));
            wal.flush();
            assertTrue(wal.durableLsn() > after, "flusher passed the aborted claim");
            final LogRecord record = new LogRecord();
            final WalReader reader = wal.reader(aborted);
            assertTrue(reader.next(record));
            assertEquals(after, record.lsn());
        }
        try (Wal wal = Wal.open(config(64 << 10))) {
            assertTrue(wal.recoveryReport().clean(), wal.recoveryReport().toString());
        }
    }

    @Test
    void shouldAcceptByteBuffersWhenAppending() {
        try (Wal wal = Wal.open(config(64 << 10))) {
            final ByteBuffer heap = ByteBuffer.wrap(Payloads.bytes(1, 50));
            final ByteBuffer direct = ByteBuffer.allocateDirect(50).put(Payloads.bytes(2, 50)).flip();
            final long a = wal.append(heap);
            final long b = wal.append(direct);
            assertEquals(0, heap.position());
            final LogRecord record = new LogRecord();
            final WalReader reader = wal.reader(a);
            assertTrue(reader.next(record));
            assertArrayEquals(Payloads.bytes(1, 50), record.payloadBytes());
            assertTrue(reader.next(record));
            assertEquals(b, record.lsn());
            assertArrayEquals(Payloads.bytes(2, 50), record.payloadBytes());
        }
    }

    @Test
    void shouldFailWithClearErrorWhenAppendingToClosedLog() {
        final Wal wal = Wal.open(config(64 << 10));
        wal.close();
        final WalClosedException ex = assertThrows(WalClosedException.class, () -> wal.append(new byte[1]));
        assertTrue(ex.getMessage().contains("dir="), ex.getMessage());
        assertEquals(Wal.CLOSED, wal.tryClaim(1, new AppendClaim()));
    }

    @Test
    void shouldRefuseSecondWriterWhenLogIsOpen() {
        try (Wal wal = Wal.open(config(64 << 10))) {
            assertFalse(wal.isFailed());
            final WalException ex = assertThrows(WalException.class, () -> Wal.open(config(64 << 10)));
            assertTrue(ex.getMessage().contains("already open") || ex.getMessage().contains("locked"), ex.getMessage());
        }
    }

    @Test
    void shouldFailNamingFileWhenFormatVersionDiffers() throws Exception {
        try (Wal wal = Wal.open(config(64 << 10))) {
            wal.append(new byte[10]);
        }
        final Path segment = dir.resolve(SegmentDescriptor.fileName(0));
        final byte[] image = Files.readAllBytes(segment);
        final MemorySegment header = MemorySegment.ofArray(image);
        for (int copy = 0; copy < SegmentDescriptor.HEADER_LENGTH; copy += SegmentDescriptor.COPY_LENGTH) {
            image[copy + SegmentDescriptor.VERSION_OFFSET] = 9;
            header.set(ValueLayout.JAVA_INT_UNALIGNED, copy + SegmentDescriptor.CRC_OFFSET,
                dev.mmwal.format.Checksums.crc32c(header, copy, SegmentDescriptor.CRC_OFFSET));
        }
        Files.write(segment, image);
        final WalException ex = assertThrows(WalException.class, () -> Wal.open(config(64 << 10)));
        assertFalse(ex instanceof WalCorruptionException, "a version this software does not read is not corruption: " + ex);
        assertTrue(ex.getMessage().contains(segment.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("fileVersion=9"), ex.getMessage());
    }

    @Test
    void shouldFailWithAConfigurationErrorWhenAnExplicitSegmentSizeDiffersFromTheLogs() {
        try (Wal wal = Wal.open(config(64 << 10))) {
            wal.append(new byte[10]);
        }
        final WalConfigException ex = assertThrows(WalConfigException.class, () -> Wal.open(config(128 << 10)));
        assertTrue(ex.getMessage().contains("configured=131072, log=65536"), ex.getMessage());
    }

    @Test
    void shouldNeverCreateSparseSegmentsWhenPreallocating() throws Exception {
        try (Wal wal = Wal.open(config(1 << 20))) {
            wal.append(new byte[10]);
        }
        final Path segment = dir.resolve(SegmentDescriptor.fileName(0));
        assertEquals(1L << 20, Files.size(segment));
        assertTrue(dev.mmwal.io.PosixFileOps.allocatedBytes(segment) >= 1L << 20, "every block of the segment is allocated");
    }

    @Test
    void shouldRejectBadConfigurationWithKeyValueMessage() {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> WalConfig.builder(dir).segmentSize(1000).build());
        assertTrue(ex.getMessage().contains("segmentSize=1000"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WalConfig.builder(dir).segmentsAhead(0).build());
        assertThrows(IllegalArgumentException.class, () -> WalConfig.builder(dir).ewmaAlpha(0).build());
    }
}

package dev.mmwal;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each recovery mode on the same damaged logs: torn tail, damage in the middle, stale bytes after the end. */
class RecoveryModeTest {
    private static final long SEGMENT = 64 << 10;
    private static final int RECORDS = 20;

    @TempDir
    Path dir;
    private Path segmentFile;
    private byte[] pristine;
    private final List<Long> lsns = new ArrayList<>();

    @BeforeEach
    void writeLog() throws IOException {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            for (int i = 0; i < RECORDS; i++) {
                lsns.add(wal.append(Payloads.bytes(i, 200)));
            }
        }
        segmentFile = dir.resolve(SegmentDescriptor.fileName(0));
        pristine = Files.readAllBytes(segmentFile);
    }

    private Wal open(final RecoveryMode mode) {
        return Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).recoveryMode(mode).build());
    }

    private void damage(final int record, final boolean keepWatermark) throws IOException {
        final byte[] image = keepWatermark ? pristine.clone() : TornTailTest.withoutDurableWatermark(pristine.clone());
        image[(int)(lsns.get(record) + RecordDescriptor.HEADER_LENGTH + 10)] ^= 0x01;
        Files.write(segmentFile, image);
    }

    private static int count(final Wal wal) {
        final WalReader reader = wal.reader(0);
        final LogRecord record = new LogRecord();
        int n = 0;
        while (reader.next(record)) {
            assertArrayEquals(Payloads.bytes(Payloads.keyOf(record.buffer(), record.payloadOffset()), 200), record.payloadBytes());
            n++;
        }
        return n;
    }

    @Test
    void shouldTruncateTornTailWhenTolerating() throws IOException {
        damage(RECORDS - 1, false);
        try (Wal wal = open(RecoveryMode.TOLERATE_TORN_TAIL)) {
            assertEquals(RECORDS - 1, count(wal));
            assertEquals(1, wal.recoveryReport().truncated().size(), wal.recoveryReport().toString());
            assertTrue(wal.recoveryReport().truncated().getFirst().reason().contains("CRC"), wal.recoveryReport().toString());
        }
    }

    @Test
    void shouldRefuseDamageBelowDurableWatermarkWhenTolerating() throws IOException {
        damage(5, true);
        final WalCorruptionException ex = assertThrows(WalCorruptionException.class, () -> open(RecoveryMode.TOLERATE_TORN_TAIL));
        assertTrue(ex.getMessage().contains("lsn=" + lsns.get(5)), ex.getMessage());
        assertTrue(ex.getMessage().contains("durableWatermark="), ex.getMessage());
        assertArrayEquals(Files.readAllBytes(segmentFile), withFlip(5), "a refused open changes nothing");
    }

    @Test
    void shouldRefuseAnyDamageWhenAbsoluteConsistency() throws IOException {
        damage(RECORDS - 1, false);
        assertThrows(WalCorruptionException.class, () -> open(RecoveryMode.ABSOLUTE_CONSISTENCY));
        Files.write(segmentFile, pristine);
        try (Wal wal = open(RecoveryMode.ABSOLUTE_CONSISTENCY)) {
            assertEquals(RECORDS, count(wal));
        }
    }

    @Test
    void shouldKeepPrefixBeforeFirstDamageWhenPointInTime() throws IOException {
        damage(5, true);
        try (Wal wal = open(RecoveryMode.POINT_IN_TIME)) {
            assertEquals(5, count(wal));
            assertEquals(lsns.get(5), wal.recoveryReport().endLsn());
            assertFalse(wal.recoveryReport().truncated().isEmpty());
        }
    }

    /**
     * A salvage that ends the log below the recorded watermark lowers the watermark: else a torn
     * write at the new end, after a crash right after the salvage, would read as damage in the
     * durable part and refuse the next default open.
     */
    @Test
    void shouldLowerTheRecordedWatermarkWhenPointInTimeEndsBelowIt() throws IOException {
        damage(5, true);
        final byte[] damaged = Files.readAllBytes(segmentFile);
        final byte[] crashedAfterSalvage;
        try (Wal wal = open(RecoveryMode.POINT_IN_TIME)) {
            assertEquals(lsns.get(5), wal.recoveryReport().endLsn());
            crashedAfterSalvage = Files.readAllBytes(segmentFile);
        }
        final int from = lsns.get(5).intValue();
        System.arraycopy(damaged, from, crashedAfterSalvage, from, lsns.get(6).intValue() - from);
        Files.write(segmentFile, crashedAfterSalvage);
        try (Wal wal = open(RecoveryMode.TOLERATE_TORN_TAIL)) {
            assertEquals(5, count(wal));
            assertEquals(1, wal.recoveryReport().truncated().size(), wal.recoveryReport().toString());
        }
    }

    @Test
    void shouldSalvageEveryValidRecordAndReportSkippedRangeWhenSkipCorrupted() throws IOException {
        damage(5, true);
        try (Wal wal = open(RecoveryMode.SKIP_CORRUPTED)) {
            assertEquals(RECORDS - 1, count(wal));
            final List<RecoveryReport.Range> skipped = wal.recoveryReport().skipped();
            assertEquals(1, skipped.size(), wal.recoveryReport().toString());
            assertEquals((long)lsns.get(5), skipped.getFirst().from());
            assertEquals((long)lsns.get(6), skipped.getFirst().to());
        }
        try (Wal wal = open(RecoveryMode.ABSOLUTE_CONSISTENCY)) {
            assertEquals(RECORDS - 1, count(wal), "the skipped range was rewritten as padding: the log is consistent now");
        }
    }

    @Test
    void shouldZeroStaleBytesAfterEndInEveryMode() throws IOException {
        for (final RecoveryMode mode : new RecoveryMode[] {RecoveryMode.TOLERATE_TORN_TAIL, RecoveryMode.POINT_IN_TIME, RecoveryMode.SKIP_CORRUPTED}) {
            final byte[] image = pristine.clone();
            final int at = (int)(lsns.get(RECORDS - 1) + 4096);
            image[at] = 0x42;
            Files.write(segmentFile, image);
            try (Wal wal = open(mode)) {
                assertEquals(RECORDS, count(wal), mode.name());
                assertEquals(1, wal.recoveryReport().truncated().size(), mode + ": " + wal.recoveryReport());
            }
            assertEquals(0, Files.readAllBytes(segmentFile)[at], mode + ": stale byte zeroed");
            Files.write(segmentFile, pristine);
        }
    }

    private byte[] withFlip(final int record) {
        final byte[] image = pristine.clone();
        image[(int)(lsns.get(record) + RecordDescriptor.HEADER_LENGTH + 10)] ^= 0x01;
        return image;
    }
}

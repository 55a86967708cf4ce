package dev.mmwal;

import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tailer overloads without an Agrona idle strategy: they wait for records, resume by name, and follow from another reader. */
class DefaultIdleTailerTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void shouldWaitForARecordWithTheDefaultIdleStrategy() throws Exception {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            final WalTailer tailer = wal.tailer(0, ReadBound.DURABLE);
            final Thread writer = Thread.ofPlatform().start(() -> {
                parkMillis(20);
                wal.appendAndCommit(Payloads.bytes(7, 100));
            });
            final LogRecord record = new LogRecord();
            assertTrue(tailer.take(record));
            assertArrayEquals(Payloads.bytes(7, 100), record.payloadBytes());
            writer.join();
        }
    }

    @Test
    void shouldResumeANamedTailerOpenedWithoutAnIdleStrategy() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            for (int i = 0; i < 3; i++) {
                wal.appendAndCommit(Payloads.bytes(i, 100));
            }
            final WalTailer first = wal.namedTailer("orders", ReadBound.DURABLE);
            final LogRecord record = new LogRecord();
            assertTrue(first.take(record));
            first.commitPosition();
            final WalTailer again = wal.namedTailer("orders", ReadBound.DURABLE);
            assertTrue(again.take(record));
            assertArrayEquals(Payloads.bytes(1, 100), record.payloadBytes());
        }
    }

    @Test
    void shouldFollowFromAReadOnlyLogWithTheDefaultIdleStrategy() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build());
             ReadOnlyWal readOnly = ReadOnlyWal.open(dir)) {
            final long lsn = wal.appendAndCommit(Payloads.bytes(3, 100));
            final WalTailer tailer = readOnly.tailer(0, ReadBound.PUBLISHED);
            final LogRecord record = new LogRecord();
            assertTrue(tailer.take(record));
            assertEquals(lsn, record.lsn());
        }
    }

    private static void parkMillis(final long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000L);
    }
}

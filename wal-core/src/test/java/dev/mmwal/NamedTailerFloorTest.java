package dev.mmwal;

import dev.mmwal.testing.Payloads;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The floor truncation must respect for named tailers: the lowest committed position among them. */
class NamedTailerFloorTest {
    @TempDir
    Path dir;

    @Test
    void shouldReportTheLowestCommittedPositionOfAllNamedTailers() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64 << 10).build())) {
            assertEquals(Long.MAX_VALUE, wal.namedTailerFloor(), "no named tailer: no floor");
            for (int i = 0; i < 10; i++) {
                wal.appendAndCommit(Payloads.bytes(i, 100));
            }
            final WalTailer slow = wal.namedTailer("slow", ReadBound.DURABLE, new BusySpinIdleStrategy());
            final WalTailer fast = wal.namedTailer("fast", ReadBound.DURABLE, new BusySpinIdleStrategy());
            final LogRecord record = new LogRecord();
            assertTrue(slow.take(record));
            slow.commitPosition();
            for (int i = 0; i < 8; i++) {
                assertTrue(fast.take(record));
            }
            fast.commitPosition();
            assertEquals(slow.position(), wal.namedTailerFloor());
            assertTrue(slow.position() < fast.position());
        }
    }
}

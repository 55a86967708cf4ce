package dev.mmwal;

import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.ForwardingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A log that failed (here a fault in an agent; a failed sync alike) no longer vouches for its page-cache epoch: a failed
 * write-back may have lost a published record's page in this very epoch, so the next recovery
 * must not keep records after an unpublished slot (docs/recovery.md, "Unpublished reservations").
 */
class EpochAfterFailureTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void shouldNotBridgeAnUnpublishedReservationAfterTheLogFailed() {
        final AtomicBoolean armed = new AtomicBoolean();
        final ForwardingFileOps ops = new ForwardingFileOps(PosixFileOps.INSTANCE) {
            @Override
            public void prefault(final MemorySegment mapping, final Prefault mode) {
                if (armed.get()) {
                    throw new InternalError("a fault occurred in an unsafe memory access operation (injected)");
                }
                super.prefault(mapping, mode);
            }
        };
        final long first;
        final long hole;
        final Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).closeDrainNanos(50_000_000).build());
        first = wal.appendAndCommit(Payloads.bytes(1, 100));
        hole = wal.tryClaim(100, new AppendClaim());
        assertTrue(wal.append(Payloads.bytes(2, 100)) > hole);
        armed.set(true);
        final long deadline = System.nanoTime() + 20_000_000_000L;
        assertThrows(WalException.class, () -> {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                wal.append(Payloads.bytes(i, 2000));
            }
        });
        assertTrue(wal.isFailed(), "the preparer's fault failed the log");
        wal.close();
        try (Wal reopened = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            assertTrue(reopened.recoveryReport().bridged().isEmpty(), reopened.recoveryReport().toString());
            assertEquals(hole, reopened.recoveryReport().endLsn(), "the log ends at the unpublished slot, as a prefix");
            final WalReader reader = reopened.reader(0);
            final LogRecord record = new LogRecord();
            assertTrue(reader.next(record));
            assertEquals(first, record.lsn());
        }
    }
}

package dev.mmwal;

import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullDiskTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void shouldFailCleanlyAndKeepLogReadableWhenSegmentCannotBeAllocated() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        final WalConfig config = WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).build();
        final List<Long> written = new ArrayList<>();
        try (Wal wal = Wal.open(config)) {
            waitForPreparedSegments(ops, 2);
            ops.failAfter(FaultInjectingFileOps.Site.ALLOCATE, 0, Integer.MAX_VALUE, "ENOSPC");
            final WalException ex = assertThrows(WalException.class, () -> {
                for (int i = 0; i < 1_000; i++) {
                    written.add(wal.append(Payloads.bytes(i, 1000)));
                    wal.awaitDurable(written.get(written.size() - 1));
                }
            });
            assertTrue(ex.getMessage().contains("cannot start the next segment"), ex.getMessage());
            assertTrue(ex.getMessage().contains("ENOSPC"), ex.getMessage());
            assertFalse(wal.isFailed(), "a full disk is not a failed sync: the log stays usable");

            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            for (int i = 0; i < written.size(); i++) {
                assertTrue(reader.next(record));
                assertArrayEquals(Payloads.bytes(i, 1000), record.payloadBytes());
            }

            ops.heal();
            final long after = wal.append(Payloads.bytes(5_000, 1000));
            wal.awaitDurable(after);
            written.add(after);
        }
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            int count = 0;
            while (reader.next(record)) {
                assertEquals(written.get(count), record.lsn());
                count++;
            }
            assertEquals(written.size(), count);
        }
    }

    /**
     * The non-blocking path tells "wait a moment" (BACK_PRESSURED) from "the next segment cannot be
     * created" (NO_SEGMENT, its cause readable), and recovers once the disk has room again.
     */
    @Test
    void shouldReturnNoSegmentFromTryClaimWithItsCauseWhenTheNextSegmentCannotBeCreated() throws Exception {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).build())) {
            waitForPreparedSegments(ops, 2);
            ops.failAfter(FaultInjectingFileOps.Site.ALLOCATE, 0, Integer.MAX_VALUE, "ENOSPC");
            final AppendClaim claim = new AppendClaim();
            long status = 0;
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (status != Wal.NO_SEGMENT && System.nanoTime() < deadline) {
                status = wal.tryClaim(1000, claim);
                if (status >= 0) {
                    claim.commit();
                }
            }
            assertEquals(Wal.NO_SEGMENT, status, "tryClaim on a full disk");
            assertTrue(wal.nextSegmentFailure().getMessage().contains("ENOSPC"), wal.nextSegmentFailure().getMessage());
            assertFalse(wal.isFailed(), "a full disk is not a failed sync");

            ops.heal();
            while ((status = wal.tryClaim(1000, claim)) < 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(status >= 0, "claims succeed again once the disk has room: status=" + status);
            claim.commit();
            assertNull(wal.nextSegmentFailure());
        }
    }

    @Test
    void shouldFailOpenWithIoErrorWhenFirstSegmentCannotBeAllocated() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps().failAfter(FaultInjectingFileOps.Site.ALLOCATE, 0, 1, "ENOSPC");
        final WalException ex = assertThrows(WalException.class,
            () -> Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).build()));
        assertTrue(ex.getMessage().contains("ENOSPC"), ex.getMessage());
    }

    private static void waitForPreparedSegments(final FaultInjectingFileOps ops, final long count) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (ops.calls(FaultInjectingFileOps.Site.ALLOCATE) < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(20);
    }
}

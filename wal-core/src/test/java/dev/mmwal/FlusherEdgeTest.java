package dev.mmwal;

import dev.mmwal.format.Lsns;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlusherEdgeTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    /**
     * A commit whose record lies behind a reservation still being written must stay pending
     * through the sync that stops at that hole, and be synced once the hole is filled, even when
     * nothing else would ever sync (maxUnsyncedNanos 0).
     */
    @Test
    void shouldKeepCommitPendingWhenAnEarlierReservationIsStillBeingWritten() throws Exception {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).maxUnsyncedNanos(0).build())) {
            final long before = wal.appendAndCommit(Payloads.bytes(1, 50));
            final long c = wal.append(Payloads.bytes(2, 50));
            final AppendClaim hole = new AppendClaim();
            final long a = wal.tryClaim(50, hole);
            final long b = wal.append(Payloads.bytes(3, 50));
            final CompletableFuture<Long> durableB = wal.durableFuture(b);
            wal.awaitDurable(c);
            Thread.sleep(20);
            assertEquals(a, wal.durableLsn(), "the flusher stops at the reservation being written");
            assertTrue(!durableB.isDone());
            hole.commit();
            assertEquals(b, durableB.get(10, TimeUnit.SECONDS), "the waiting commit is synced once the hole is filled");
            assertTrue(wal.awaitDurable(b, 10, TimeUnit.SECONDS));
            assertTrue(before < c);
        }
    }

    /**
     * Recovery can leave the tail at the first record of a segment that does not exist yet (the
     * log ended exactly at a segment end): the first append must wait for the preparer, not fail.
     */
    @Test
    void shouldWaitForTheSegmentWhenRecoveredTailStartsOneNotYetCreated() throws Exception {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            wal.appendAndCommit(Payloads.bytes(1, Lsns.maxPayloadLength(SEGMENT)));
        }
        try (var files = Files.list(dir)) {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).toList()) {
                if (!file.getFileName().toString().equals(SegmentDescriptor.fileName(0))) {
                    Files.delete(file);
                }
            }
        }
        final FaultInjectingFileOps ops = new FaultInjectingFileOps().failAfter(FaultInjectingFileOps.Site.ALLOCATE, 0, 1, "ENOSPC");
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).fileOps(ops).build())) {
            final long lsn = wal.append(Payloads.bytes(2, 100));
            assertEquals(SEGMENT + SegmentDescriptor.HEADER_LENGTH, lsn);
            wal.awaitDurable(lsn);
        }
    }
}

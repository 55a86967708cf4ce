package dev.mmwal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot paths allocate nothing once compiled: copy appends, claims, reading, and blocking commit
 * waits. Measured with the thread's allocation counter after a warm-up long enough for C2
 * (wal-bench's {@code -prof gc} runs say the same under JMH).
 */
class AllocationTest {
    private static final int WARMUP = 300_000;
    private static final int MEASURED = 200_000;

    @TempDir
    Path dir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldNotAllocateWhenAppendingClaimingAndReading() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(256L << 20).maxUnsyncedNanos(0).build())) {
            final byte[] payload = new byte[64];
            final AppendClaim claim = new AppendClaim();
            final LogRecord record = new LogRecord();
            for (int i = 0; i < WARMUP; i++) {
                appendBoth(wal, payload, claim);
            }
            final WalReader reader = wal.reader(0);
            long sum = 0;
            for (int i = 0; i < WARMUP; i++) {
                reader.next(record);
                sum += record.lsn();
            }
            long allocated = Long.MAX_VALUE;
            // A window may still catch a compilation landing under a loaded machine: the claim is
            // that steady state allocates nothing, so the best of three windows must be clean.
            for (int window = 0; window < 3 && allocated >= MEASURED / 4; window++) {
                final long before = allocatedBytes();
                for (int i = 0; i < MEASURED; i++) {
                    appendBoth(wal, payload, claim);
                }
                for (int i = 0; i < MEASURED; i++) {
                    reader.next(record);
                    sum += record.lsn();
                }
                allocated = allocatedBytes() - before;
            }
            assertTrue(sum > 0);
            assertTrue(allocated < MEASURED / 4, "append/claim/read allocated " + allocated + " bytes over " + 3 * MEASURED + " operations");
        }
    }

    private static void appendBoth(final Wal wal, final byte[] payload, final AppendClaim claim) {
        wal.append(payload);
        long lsn;
        while ((lsn = wal.tryClaim(64, claim)) == Wal.BACK_PRESSURED) {
            Thread.onSpinWait();
        }
        claim.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, claim.payloadOffset(), lsn);
        claim.commit();
    }

    @Test
    void shouldNotAllocateWhenWaitingForDurability() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64L << 20).build())) {
            final byte[] payload = new byte[64];
            for (int i = 0; i < 3_000; i++) {
                wal.appendAndCommit(payload);
            }
            final int commits = 2_000;
            // Any object per commit (16 bytes at the least) would show as >= 32,000 bytes; a
            // few hundred bytes can be a deoptimisation re-running a method in the interpreter.
            final long bound = commits * 4L;
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < 3 && allocated >= bound; window++) {
                final long before = allocatedBytes();
                for (int i = 0; i < commits; i++) {
                    wal.appendAndCommit(payload);
                }
                allocated = allocatedBytes() - before;
            }
            assertTrue(allocated < bound, "commits allocated " + allocated + " bytes over " + commits + " commits");
        }
    }
}

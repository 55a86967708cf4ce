package dev.mmwal.stress.durability;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.commit.GreedyPolicy;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Core bug 6, found by the power-loss simulation and fixed on main (the awaited LSN is announced
 * and read before the scan): the flusher used to scan the published records and only
 * then reads the commit-request counter. A committer that publishes its record and counts its
 * request in between gets counted as satisfied by a sync that stops short of its record (the sync
 * covers what the earlier scan saw: the unsynced records before it). From then on the flusher saw
 * no pending request: with {@code maxUnsyncedNanos = 0} ("sync only when asked") the commit never
 * became durable and {@code awaitDurable} blocked forever; with the default it waited up to
 * {@code maxUnsyncedNanos} (10 ms) for the timer.
 *
 * <p>Repro: an unsynced append followed by a commit, many times; the race needs no other thread
 * and hit within the first thousand iterations on this machine before the fix.
 */
class CommitRequestRaceTest {
    @TempDir
    Path dir;

    @Test
    void shouldMakeEveryCommitDurableWhenSyncingOnlyOnRequest() {
        final WalConfig config = WalConfig.builder(dir).segmentSize(1 << 20).maxUnsyncedNanos(0)
            .groupCommitPolicy(() -> GreedyPolicy.INSTANCE).build();
        try (Wal wal = Wal.open(config)) {
            for (int i = 0; i < 3_000; i++) {
                wal.append(Payloads.bytes(2L * i, 100));
                final long lsn = wal.append(Payloads.bytes(2L * i + 1, 100));
                assertTrue(wal.awaitDurable(lsn, 30, TimeUnit.SECONDS),
                    "commit " + i + " never became durable: lsn=" + lsn + ", durableLsn=" + wal.durableLsn() + ", tail=" + wal.tailLsn());
            }
        }
    }
}

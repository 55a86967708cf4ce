package dev.mmwal;

import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log's own threads keep running while the log is open, whatever lands on them: an interrupt
 * (the JDK sets one on a thread whose access to a shared arena is cut short by the arena's close)
 * is not a request to stop, and truncation never unmaps a segment under the sealer.
 *
 * <p>Found by CI: a commit waited forever because truncation unmapped a segment the sealer was
 * syncing, HotSpot delivered the failed access as an asynchronous exception and set the flusher's
 * interrupt status with it, and Agrona's runner took the interrupt as a stop: the flusher ended
 * silently and nothing more became durable. Every wait here is bounded, so a regression fails.
 */
class AgentLivenessTest {
    private static final long SEGMENT = 64 << 10;
    private static final int PAYLOAD = 3000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepCommittingAfterTheFlusherAndPreparerAreInterrupted() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            commitWithin(wal, 1);
            final List<Thread> agents = agentThreads();
            assertFalse(agents.isEmpty(), "the log's agent threads are visible");
            for (int round = 0; round < 20; round++) {
                agents.forEach(Thread::interrupt);
                // enough records to need new segments from the preparer
                for (int i = 0; i < 30; i++) {
                    wal.append(Payloads.bytes(round * 100L + i, PAYLOAD));
                }
                commitWithin(wal, round);
            }
            agents.forEach(agent -> assertTrue(agent.isAlive(), "agent still running: " + agent.getName()));
        }
    }

    @Test
    void shouldKeepCommittingWhileTruncationRemovesSegmentsTheSealerJustPassed() {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).recycleSegments(2).build())) {
            for (int round = 0; round < 400; round++) {
                // a little over one segment per round, so each commit's sync passes a segment end
                for (int i = 0; i < 23; i++) {
                    wal.append(Payloads.bytes(round * 100L + i, PAYLOAD));
                }
                final long lsn = commitWithin(wal, round);
                wal.truncateBefore(lsn);
            }
        }
    }

    private static long commitWithin(final Wal wal, final long key) {
        final long lsn = wal.append(Payloads.bytes(key, 100));
        assertTrue(wal.awaitDurable(lsn, 20, TimeUnit.SECONDS),
            "a commit became durable within 20 s: lsn=" + lsn + ", durableLsn=" + wal.durableLsn() + ", failed=" + wal.isFailed());
        return lsn;
    }

    private static List<Thread> agentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && (t.getName().equals("mmwal-flusher") || t.getName().equals("mmwal-preparer")))
            .toList();
    }
}

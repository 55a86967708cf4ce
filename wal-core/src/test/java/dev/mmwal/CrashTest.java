package dev.mmwal;

import dev.mmwal.testing.ChildJvm;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.Timeout;

/**
 * Kills a committing child JVM with SIGKILL at a random moment, reopens the log and checks that
 * every commit the child acknowledged (printed after awaitDurable returned) is present byte-exact,
 * and that the next run's LSNs start above the recovered end. Repeats on the same log.
 * {@code -Dmmwal.crash.iterations=N} runs more.
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class CrashTest {
    private static final long SEGMENT = 256 << 10;

    @TempDir
    Path dir;

    @Test
    void shouldRecoverEveryAcknowledgedCommitWhenChildIsKilled() throws Exception {
        run(WritePath.MAPPED, Integer.getInteger("mmwal.crash.iterations", 25));
    }

    @Test
    void shouldRecoverEveryAcknowledgedCommitWhenStagedChildIsKilled() throws Exception {
        run(WritePath.STAGED, Integer.getInteger("mmwal.crash.iterations", 25) / 2);
    }

    private void run(final WritePath path, final int iterations) throws Exception {
        final long seed = Long.getLong("mmwal.crash.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final List<long[]> acknowledged = new ArrayList<>();
        long totalAcks = 0;
        for (int iteration = 0; iteration < iterations; iteration++) {
            final Process child = ChildJvm.start(CrashChild.class, dir, dir.toString(), "4", Long.toString((long)iteration << 40), Long.toString(SEGMENT), path.name());
            final List<long[]> acks = new ArrayList<>();
            final long[] recoveredEnd = {-1};
            final Thread reader = Thread.ofPlatform().start(() -> readAcks(child, acks, recoveredEnd));
            waitForStart(recoveredEnd);
            Thread.sleep(50 + random.nextInt(400));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child died");
            reader.join();
            synchronized (acks) {
                for (final long[] ack : acks) {
                    assertTrue(ack[0] >= recoveredEnd[0], "seed=" + seed + ": LSN below the recovered end: lsn=" + ack[0] + ", end=" + recoveredEnd[0]);
                }
                acknowledged.addAll(acks);
                totalAcks += acks.size();
            }
            verify(acknowledged, seed, iteration, path);
        }
        assertTrue(totalAcks > iterations, "the children acknowledged commits: total=" + totalAcks);
    }

    private static void waitForStart(final long[] recoveredEnd) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            synchronized (recoveredEnd) {
                if (recoveredEnd[0] >= 0) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("child did not open the log");
    }

    private static void readAcks(final Process child, final List<long[]> acks, final long[] recoveredEnd) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                final String[] parts = line.split(" ");
                if (parts[0].equals("R") && parts.length == 2) {
                    synchronized (recoveredEnd) {
                        recoveredEnd[0] = Long.parseLong(parts[1]);
                    }
                } else if (parts[0].equals("A") && parts.length == 4) {
                    synchronized (acks) {
                        acks.add(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])});
                    }
                }
            }
        } catch (final java.io.IOException ignored) {
            // the child was killed mid-line: a line not fully read was not acknowledged to us
        }
    }

    private void verify(final List<long[]> acknowledged, final long seed, final int iteration, final WritePath path) {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).writePath(path).build())) {
            final LogRecord record = new LogRecord();
            for (final long[] ack : acknowledged) {
                final WalReader reader = wal.reader(ack[0]);
                assertTrue(reader.next(record), "seed=" + seed + ", iteration=" + iteration + ": acknowledged commit lost: lsn=" + ack[0]);
                assertEquals(ack[0], record.lsn());
                assertArrayEquals(Payloads.bytes(ack[1], (int)ack[2]), record.payloadBytes(), "seed=" + seed + ": payload at lsn " + ack[0]);
            }
            int count = 0;
            final WalReader all = wal.reader(0);
            while (all.next(record)) {
                count++;
            }
            assertTrue(count >= acknowledged.size(), "seed=" + seed + ": fewer records than acknowledged commits");
        }
    }
}

package dev.mmwal.consumer.crash;

import dev.mmwal.consumer.ConsumerStore;
import dev.mmwal.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import org.junit.jupiter.api.Timeout;

/**
 * Process crash: a {@link ConsumerCrashChild} persisting for 40 clients from 4 threads, with
 * retries after each restart and background checkpoints truncating the log, is SIGKILLed at a
 * random time; the parent then reopens the store and checks, per client, against the reference
 * model of what the child acknowledged: the max id is at least the highest acknowledged id and at
 * most one above it (one persist in flight per client, durable or not), and the state shows every
 * id from 0 to the max applied exactly once (count, sum and sum of squares). The child itself
 * checks that each retried id comes back DUPLICATE. Kills: {@code -Dconsumer.crash.iterations}
 * (3 in {@code verify}); seed: {@code -Dconsumer.crash.seed} (0 = time-based, printed on failure).
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class ConsumerCrashTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReflectEveryAcknowledgedPersistExactlyOnceWhenKilledAtRandomTimes() throws Exception {
        final int iterations = Integer.getInteger("consumer.crash.iterations", 3);
        final long configured = Long.getLong("consumer.crash.seed", 0L);
        final long seed = configured != 0 ? configured : System.nanoTime();
        final Random random = new Random(seed);
        final Path dir = tmp.resolve("store");
        final Map<String, Long> acked = new HashMap<>();
        long acknowledged = 0;
        for (int i = 1; i <= iterations; i++) {
            final Path ackFile = tmp.resolve("acks-" + i + ".txt");
            final Process child = ChildJvm.start(ConsumerCrashChild.class, tmp, dir.toString(), Long.toString(random.nextLong()),
                ackFile.toString());
            try {
                awaitReady(child, ackFile, seed, i);
                Thread.sleep(100 + random.nextInt(600));
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            acknowledged += absorb(readLines(ackFile), acked, seed, i);
            verify(dir, acked, seed, i);
        }
        final String report = "consumer crash: seed=" + seed + ", kills=" + iterations + ", acknowledgedPersists=" + acknowledged
            + ", clients=" + ConsumerCrashChild.CLIENTS + ", lostAcknowledged=0, appliedTwice=0";
        System.out.println(report);
        Files.writeString(tmp.getParent().resolve("consumer-crash-report.txt"), report + System.lineSeparator());
    }

    /** The child's complete lines so far (a torn last line is dropped by {@link #absorb}). */
    private static List<String> readLines(final Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.US_ASCII) : List.of();
    }

    private static void awaitReady(final Process child, final Path ackFile, final long seed, final int iteration)
        throws InterruptedException, IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!readLines(ackFile).contains("R")) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("child did not open the store: seed=" + seed + ", iteration=" + iteration + ", alive=" + child.isAlive()
                    + ", lines=" + readLines(ackFile).stream().limit(10).toList());
            }
            Thread.sleep(10);
        }
    }

    /** Folds the child's acknowledgements into the model; returns how many it made. */
    private static long absorb(final List<String> lines, final Map<String, Long> acked, final long seed, final int iteration) {
        long count = 0;
        for (final String line : lines) {
            if (line.startsWith("X ")) {
                fail("child saw a contract breach: seed=" + seed + ", iteration=" + iteration + ", " + line);
            }
            final String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("A")) {
                acked.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                count++;
            }
        }
        return count;
    }

    private static void verify(final Path dir, final Map<String, Long> acked, final long seed, final int iteration) {
        try (ConsumerStore<byte[]> store = ConsumerStore.open(ConsumerCrashChild.config(dir))) {
            for (int c = 0; c < ConsumerCrashChild.CLIENTS; c++) {
                final String client = ConsumerCrashChild.clientId(c);
                final long ackedMax = acked.getOrDefault(client, -1L);
                final long max = store.maxMessageId(client);
                final String where = "seed=" + seed + ", iteration=" + iteration + ", client=" + client + ", ackedMax=" + ackedMax + ", max=" + max;
                assertTrue(max >= ackedMax, "acknowledged persist lost: " + where);
                assertTrue(max <= ackedMax + 1, "more applied than was ever sent: " + where);
                if (max >= 0) {
                    assertArrayEquals(MomentsInterpreter.expected(max), MomentsInterpreter.moments(store.retrieve(client)),
                        "ids 0.." + max + " not each applied exactly once: " + where);
                }
                acked.put(client, max);      // a durable-but-unacknowledged persist is now part of the model
            }
            assertEquals(0, store.stats().checkpointFailures());
        }
    }
}

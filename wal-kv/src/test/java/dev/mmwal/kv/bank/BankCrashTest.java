package dev.mmwal.kv.bank;

import dev.mmwal.kv.KvStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * The bank audit after SIGKILL of a child JVM mid-load: money conserved, every acknowledged
 * transfer present, no partial transfer, no negative balance. One kill by default; the kill
 * campaign runs {@code -Dkv.crash.iterations=N} kills in a row on one store, each after a random
 * load time ({@code -Dkv.crash.seed=S} replays one), auditing after every reopen.
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class BankCrashTest {
    private static final int ACCOUNTS = 2_000;
    private static final long INITIAL = 1_000;

    @TempDir
    Path dir;

    @Test
    void shouldPassTheAuditWhenTheBankIsKilledMidLoad() throws Exception {
        final int iterations = Integer.getInteger("kv.crash.iterations", 1);
        final long seed = Long.getLong("kv.crash.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        try (KvStore store = KvStore.open(Bank.config(dir).build())) {
            Bank.open(store, ACCOUNTS, INITIAL);
        }
        long acknowledged = 0;
        for (int i = 0; i < iterations; i++) {
            final double seconds = 0.3 + random.nextDouble() * 1.5;
            final BankCrash.Outcome crash = BankCrash.run(dir, 4, seconds, ACCOUNTS, INITIAL, random.nextLong());
            assertEquals(137, crash.exitCode(), "the child must die by SIGKILL");
            try (KvStore store = KvStore.open(Bank.config(dir).build())) {
                final BankAudit audit = Bank.open(store, ACCOUNTS, INITIAL).audit(crash.acknowledged());
                assertTrue(audit.passed(), "seed=" + seed + ", iteration=" + i + ": " + audit.verdict() + " " + audit.problems());
                acknowledged += crash.acknowledged().size();
                System.out.println("kill " + (i + 1) + "/" + iterations + " (seed " + seed + "): " + audit.verdict() + "; recovery "
                    + store.recovery());
            }
        }
        assertTrue(acknowledged > 0, "the child acknowledged nothing before the kill(s)");
    }
}

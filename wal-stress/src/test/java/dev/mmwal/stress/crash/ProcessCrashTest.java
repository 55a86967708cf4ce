package dev.mmwal.stress.crash;

import dev.mmwal.WalException;
import dev.mmwal.stress.oracle.LogCheck;
import dev.mmwal.stress.oracle.StressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Process crash: a child JVM commits from four threads (copy appends, zero-copy claims, aborts,
 * unawaited appends, two concurrent readers, 64 KiB segments so it rolls every few hundred
 * records) and is SIGKILLed, at random times or frozen at a named kill point; the parent then
 * restarts the log: recovers, checks D1, D2, D3, D5 and D7 (see {@link LogCheck}), and continues
 * writing. Iterations: {@code -Dstress.crash.iterations} (25 in `verify`), rounds of every kill
 * point: {@code -Dstress.killpoint.rounds} (1).
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class ProcessCrashTest {
    private static final long OPEN_TIMEOUT = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path tmp;

    private Path stderr() {
        return tmp.resolve("child-stderr.txt");
    }

    @Test
    void shouldKeepEveryAcknowledgedCommitWhenKilledAtRandomTimes() throws Exception {
        final long seed = StressSettings.seed("ProcessCrashTest.random");
        final Random random = new Random(seed);
        final int iterations = StressSettings.intProperty("stress.crash.iterations", 25);
        CrashCampaign campaign = null;
        long acknowledged = 0;
        long beforeOpen = 0;
        for (int i = 1; i <= iterations; i++) {
            if ((i - 1) % 20 == 0) {
                // a fresh log every 20 crashes keeps each recovery small over thousands of iterations
                if (campaign != null) {
                    acknowledged += campaign.acknowledged;
                    beforeOpen += campaign.killedBeforeOpen;
                }
                campaign = new CrashCampaign(tmp.resolve("log-" + i), i);
            }
            final long childSeed = random.nextLong();
            try (ChildRun child = ChildRun.start(stderr(), campaign.childArgs(i, childSeed, KillPoint.RANDOM, 1))) {
                if (random.nextInt(100) < 15) {
                    // early: lands in JVM start-up, recovery or the first appends
                    Thread.sleep(random.nextInt(400));
                } else {
                    if (child.awaitLine("R ", OPEN_TIMEOUT) == null) {
                        throw new AssertionError("child did not open the log: " + child.lines().stream().limit(20).toList());
                    }
                    Thread.sleep(20 + random.nextInt(400));
                }
                child.kill();
                campaign.verifyAfter(child);
            } catch (final AssertionError | WalException ex) {
                throw failure("random kill", seed, i, campaign, ex);
            }
        }
        acknowledged += campaign.acknowledged;
        beforeOpen += campaign.killedBeforeOpen;
        StressSettings.report("process-crash", "random-kill seed=" + seed + " iterations=" + iterations
            + " acknowledged=" + acknowledged + " killedBeforeOpen=" + beforeOpen + " lostAcknowledged=0 invented=0");
    }

    @ParameterizedTest
    @EnumSource(value = KillPoint.class, names = {"RANDOM", "RECOVERY_ZEROING", "RECOVERY_SYNC"}, mode = EnumSource.Mode.EXCLUDE)
    void shouldKeepEveryAcknowledgedCommitWhenKilledAtKillPoint(final KillPoint point) throws Exception {
        final long seed = StressSettings.seed("ProcessCrashTest." + point);
        final Random random = new Random(seed);
        final int rounds = StressSettings.intProperty("stress.killpoint.rounds", 1);
        final CrashCampaign campaign = new CrashCampaign(tmp.resolve("log-" + point), 1);
        for (int round = 1; round <= rounds; round++) {
            final int occurrence = 1 + random.nextInt(40);
            try (ChildRun child = ChildRun.start(stderr(), campaign.childArgs(round, random.nextLong(), point, occurrence))) {
                final ChildRun.Line reached = child.awaitLine("K " + point, OPEN_TIMEOUT);
                child.kill();
                if (reached == null) {
                    throw new AssertionError("kill point not reached: point=" + point + ", occurrence=" + occurrence
                        + ", exit=" + child.exitCode() + ", lines=" + child.lines().size());
                }
                campaign.verifyAfter(child);
            } catch (final AssertionError | WalException ex) {
                throw failure(point.name(), seed, round, campaign, ex);
            }
        }
        StressSettings.report("process-crash", "kill-point=" + point + " seed=" + seed + " rounds=" + rounds
            + " acknowledged=" + campaign.acknowledged + " lostAcknowledged=0 invented=0");
    }

    /**
     * A crash during recovery: a first child is frozen mid-payload (leaving a torn record for
     * recovery to cut), a copy of the directory is recovered cleanly as the reference, then a second
     * child is killed inside its recovery; the parent's recovery must give the reference log (D5).
     */
    @ParameterizedTest
    @EnumSource(value = KillPoint.class, names = {"RECOVERY_ZEROING", "RECOVERY_SYNC"})
    void shouldRecoverTheSameLogWhenKilledDuringRecovery(final KillPoint point) throws Exception {
        final long seed = StressSettings.seed("ProcessCrashTest." + point);
        final Random random = new Random(seed);
        final int rounds = StressSettings.intProperty("stress.killpoint.rounds", 1);
        final CrashCampaign campaign = new CrashCampaign(tmp.resolve("log-" + point), 1);
        for (int round = 1; round <= rounds; round++) {
            try {
                try (ChildRun first = ChildRun.start(stderr(), campaign.childArgs(2L * round, random.nextLong(), KillPoint.MID_PAYLOAD,
                    1 + random.nextInt(40), "MAPPED"))) {
                    if (first.awaitLine("K ", OPEN_TIMEOUT) == null) {
                        throw new AssertionError("first child never reached MID_PAYLOAD");
                    }
                    first.kill();
                    campaign.absorb(first);
                }
                final Path reference = tmp.resolve("reference-" + point + "-" + round);
                CrashCampaign.copyInSameEpoch(campaign.dir(), reference);
                final LogCheck.Snapshot expected = LogCheck.recoverAndCheck(CrashCampaign.config(reference));
                LogCheck.checkAcknowledged(expected, campaign.acks());
                try (ChildRun second = ChildRun.start(stderr(), campaign.childArgs(2L * round + 1, random.nextLong(), point, 1))) {
                    final ChildRun.Line reached = second.awaitLine("K " + point, OPEN_TIMEOUT);
                    second.kill();
                    if (reached == null) {
                        throw new AssertionError("kill point not reached: point=" + point + ", lines=" + second.lines().size()
                            + ", recoveredEnd=" + second.recoveredEnd());
                    }
                    final LogCheck.Snapshot recovered = LogCheck.recoverAndCheck(campaign.config());
                    if (!recovered.sameLog(expected)) {
                        throw new AssertionError("D5 violated: a crash during recovery changed the recovered log: tail="
                            + recovered.tail() + ", expected=" + expected.tail());
                    }
                    campaign.verifyAfter(second);
                }
            } catch (final AssertionError | WalException ex) {
                throw failure(point.name(), seed, round, campaign, ex);
            }
        }
        StressSettings.report("process-crash", "kill-point=" + point + " seed=" + seed + " rounds=" + rounds
            + " acknowledged=" + campaign.acknowledged + " lostAcknowledged=0 invented=0 sameLogAfterInterruptedRecovery=true");
    }

    /**
     * Core bug 1, fixed on main (segments are prepared under a temporary name and renamed once
     * their header is durable; recovery deletes leftovers): a child frozen in the preparer right
     * after the new file was allocated, before its header was written, is killed; the log must
     * open with every acknowledged commit. Before the fix recovery refused the whole log with
     * "segment header has a bad magic ... found=0x0".
     */
    @Test
    void shouldOpenWhenKilledWhileCreatingSegment() throws Exception {
        final CrashCampaign campaign = new CrashCampaign(tmp.resolve("log-half-created"), 1);
        try (ChildRun child = ChildRun.start(stderr(), campaign.childArgs(1, 1, KillPoint.ROLL_AFTER_ALLOCATE, 3))) {
            if (child.awaitLine("K " + KillPoint.ROLL_AFTER_ALLOCATE, OPEN_TIMEOUT) == null) {
                throw new AssertionError("kill point not reached");
            }
            child.kill();
            campaign.absorb(child);
        }
        final LogCheck.Snapshot recovered = LogCheck.recoverAndCheck(campaign.config());
        LogCheck.checkAcknowledged(recovered, campaign.acks());
    }

    /** Keeps the failing directory under target/stress-reports and names the seed that replays the run. */
    private static AssertionError failure(final String what, final long seed, final int iteration, final CrashCampaign campaign,
                                          final Throwable cause) {
        final Path kept = Path.of(System.getProperty("stress.report.dir", "target/stress-reports"),
            "crash-failure-" + what + "-" + seed + "-" + iteration);
        if (campaign != null) {
            CrashCampaign.copy(campaign.dir(), kept);
        }
        return new AssertionError(what + ": iteration " + iteration + " failed (replay: -Dstress.seed=" + seed
            + "; log kept in " + kept.toAbsolutePath() + "): " + cause.getMessage(), cause);
    }
}

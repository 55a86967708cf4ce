package dev.mmwal.stress.powercut;

import dev.mmwal.Wal;
import dev.mmwal.WalException;
import dev.mmwal.WalFailedException;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.stress.crash.ChildRun;
import dev.mmwal.stress.crash.CrashCampaign;
import dev.mmwal.stress.crash.KillPoint;
import dev.mmwal.stress.oracle.LogCheck;
import dev.mmwal.stress.oracle.ScratchDirs;
import dev.mmwal.stress.oracle.StressSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Timeout;

/**
 * Kernel power cut, opt-in: needs root, free loop devices, util-linux and e2fsprogs, so it never
 * runs in `verify` or CI; {@code -Dstress.powercut.iterations=N} turns it on (docs/reliability.md).
 *
 * <p>A fresh ext4 on a loop device ({@link LoopExt4}) holds the log. Each iteration starts a
 * {@code CrashChild} on it (four committers, copy appends and claims, two readers, 64 KiB
 * segments; sync method and write path drawn from the seed as in the process-crash test), lets
 * it run 200 to 1,500 ms under load, then cuts the file system with {@code EXT4_IOC_SHUTDOWN}
 * without a journal flush ({@link Ext4Shutdown}, guarded), watches the child for 200 to 500 ms,
 * SIGKILLs it, remounts (the journal replays) and restarts the log in this JVM: recover, D1, D2,
 * D3, D5, D7, and one more commit. The next child reopens the same log, so recovery runs across
 * crashes; a fresh log every 20 iterations keeps recoveries small.
 *
 * <p>D1 holds every acknowledgement the parent read before the ioctl began. One read later may
 * come from a sync that returned after the cut, and this kernel can report such a sync successful
 * although the cut loses its data (a preallocated block's conversion to written never commits;
 * {@link Ext4SyncCalibrationTest} shows it without mmwal), which no real power cut can do: the
 * process would not be running. Those are counted (and, once recovered, held from then on), not
 * held; {@code -Dstress.powercut.strictAcks=true} holds them too. D2, D3 and D5 hold for all.
 *
 * <p>After the cut, a committer dying of {@code WalFailedException} (or of a claim answered
 * {@code Wal.FAILED}, or of "cannot start the next segment") is the fail-stop the log promises
 * and is expected; a bad record ({@code E}), any exception before the cut, any other exception
 * after it, or a child JVM that dies by itself fails the run. A child none of whose committers
 * has failed by the kill gets a thread dump in the reports (the first five). At the end the file
 * system is unmounted and {@code e2fsck -fn} must find it clean.
 */
@EnabledIfSystemProperty(named = "stress.powercut.iterations", matches = "0*[1-9][0-9]*",
    disabledReason = "opt-in: needs root and loop devices; run with -Dstress.powercut.iterations=N (docs/reliability.md)")
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class KernelPowerCutTest {
    private static final long IMAGE_BYTES = 512L << 20;
    private static final long OPEN_TIMEOUT = TimeUnit.SECONDS.toNanos(60);
    private static final int ITERATIONS_PER_LOG = 20;
    private static final int MAX_STALL_DUMPS = 5;

    /**
     * How a child's committer reports that the log stopped because its file system went away (in
     * CrashChild's words): the log failed (an append or a wait throws, a claim answers
     * {@code Wal.FAILED}), or the next segment cannot be created (an append gives up waiting).
     */
    private static final List<String> FAIL_STOPS = List.of(
        WalFailedException.class.getName() + ": ",
        "java.lang.IllegalStateException: tryClaim failed: status=" + Wal.FAILED,
        WalException.class.getName() + ": cannot start the next segment: ");

    @TempDir
    Path tmp;

    /** What every iteration adds up to, for the report. */
    private static final class Tally {
        long acknowledged;
        long raced;
        long racedLost;
        long readDuringIoctl;
        long readAfterIoctl;
        long lostReadDuringIoctl;
        long failStops;
        long iterationsWithoutFailStop;
        int stallDumps;
        long longestCutMicros;
        final List<String> losses = new ArrayList<>();
        final Map<String, Integer> mix = new TreeMap<>();
        final Map<String, Integer> failStopKinds = new TreeMap<>();

        void add(final CrashCampaign campaign) {
            acknowledged += campaign.acknowledged();
            raced += campaign.racedAcknowledged();
            racedLost += campaign.racedLost();
        }
    }

    @BeforeEach
    void requireRoot() throws IOException {
        final int uid = (Integer)Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            throw new AssertionError("the kernel power-cut test needs root (losetup, mount, EXT4_IOC_SHUTDOWN): uid=" + uid);
        }
    }

    private Path stderr() {
        return tmp.resolve("child-stderr.txt");
    }

    @Test
    void shouldKeepEveryAcknowledgedCommitWhenTheKernelCutsTheFileSystemMidLoad() throws Exception {
        final long seed = StressSettings.seed("KernelPowerCutTest");
        final Random random = new Random(seed);
        final int iterations = StressSettings.intProperty("stress.powercut.iterations", 0);
        final boolean strict = Boolean.parseBoolean(System.getProperty("stress.powercut.strictAcks", "false"));
        final Ext4Shutdown kernel = Ext4Shutdown.kernel();
        final Tally tally = new Tally();
        final long started = System.nanoTime();
        try (LoopExt4 loop = LoopExt4.create(IMAGE_BYTES)) {
            System.out.println("[stress] KernelPowerCutTest: ext4 on " + loop.device() + " at " + loop.mountPoint()
                + ", strictAcks=" + strict);
            CrashCampaign campaign = null;
            for (int i = 1; i <= iterations; i++) {
                if ((i - 1) % ITERATIONS_PER_LOG == 0) {
                    if (campaign != null) {
                        tally.add(campaign);
                        ScratchDirs.deleteQuietly(campaign.dir());
                    }
                    campaign = new CrashCampaign(loop.mountPoint().resolve("log-" + i), i);
                }
                try {
                    cutOnce(loop, kernel, campaign, i, random, strict, tally);
                } catch (final AssertionError | WalException | IOException | UncheckedIOException ex) {
                    throw failure(loop, seed, i, campaign, ex);
                }
            }
            tally.add(campaign);
            final String fsck = loop.unmountAndCheck();
            System.out.println("[stress] KernelPowerCutTest: e2fsck -fn " + loop.device() + ": " + fsck.strip().replace('\n', ' '));
            keepChildStderr();
            report(seed, iterations, strict, tally, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    private static void report(final long seed, final int iterations, final boolean strict, final Tally tally, final long seconds) {
        StressSettings.report("kernel-power-cut", "seed=" + seed + " iterations=" + iterations + " strictAcks=" + strict
            + " acknowledged=" + tally.acknowledged + " readBeforeCut=" + (tally.acknowledged - tally.raced) + " lostReadBeforeCut=0"
            + " readAfterCutStart=" + tally.raced + " (during the ioctl " + tally.readDuringIoctl + ", after it " + tally.readAfterIoctl
            + ") lostReadAfterCutStart=" + tally.racedLost + " (read during the ioctl " + tally.lostReadDuringIoctl + ")"
            + " invented=0 nonPrefix=0 childProblems=0 childJvmDeaths=0 failStopLines=" + tally.failStops
            + " childrenNotYetFailedAtKill=" + tally.iterationsWithoutFailStop + " longestIoctlMicros=" + tally.longestCutMicros
            + " e2fsck=clean mix=" + tally.mix + " wallSeconds=" + seconds);
        StressSettings.report("kernel-power-cut", "seed=" + seed + " lost acknowledgements read after the cut began: " + tally.losses);
        StressSettings.report("kernel-power-cut", "seed=" + seed + " fail-stop lines after the cut: " + tally.failStopKinds);
    }

    /**
     * One iteration: load, cut, watch, kill, remount, restart and check. An acknowledgement the
     * parent read before the ioctl began is held to D1; one read later came from a sync that may
     * have returned after the cut, and on this kernel such a sync can report success for data the
     * cut then loses (see {@link Ext4SyncCalibrationTest}), so it is counted, not held, unless
     * {@code -Dstress.powercut.strictAcks=true}.
     */
    private void cutOnce(final LoopExt4 loop, final Ext4Shutdown kernel, final CrashCampaign campaign, final int iteration,
                         final Random random, final boolean strict, final Tally tally) throws Exception {
        final String[] args = campaign.childArgs(iteration, random.nextLong(), KillPoint.RANDOM, 1);
        final int loadMillis = 200 + random.nextInt(1_300);
        final int watchMillis = 200 + random.nextInt(300);
        final long cutStart;
        final long cutEnd;
        final boolean diedByItself;
        final ChildRun child = ChildRun.start(stderr(), args);
        try (child) {
            if (child.awaitLine("R ", OPEN_TIMEOUT) == null) {
                child.kill();
                throw new AssertionError("child did not open the log: iteration=" + iteration + ", lines=" + child.lines());
            }
            Thread.sleep(loadMillis);
            if (!child.isAlive()) {
                throw new AssertionError("the child JVM died before the cut: iteration=" + iteration + ", exit=" + child.exitCode());
            }
            cutStart = System.nanoTime();
            kernel.shutdownWithoutLogFlush(loop.target());
            cutEnd = System.nanoTime();
            Thread.sleep(watchMillis);
            diedByItself = !child.isAlive();
            if (!diedByItself && child.awaitLine("X ", 0) == null && tally.stallDumps++ < MAX_STALL_DUMPS) {
                // not one committer has failed yet: record where the child's threads are
                keepThreadDump(child, iteration);
            }
            child.kill();
        }
        // the file system comes back first, so that a failure below can keep a copy of the log
        loop.remount();
        keepEvidence(campaign, child, args, cutStart, cutEnd);
        if (diedByItself) {
            throw new AssertionError("the child JVM died by itself after the cut: iteration=" + iteration + ", exit="
                + child.exitCode() + ", lastLines=" + child.lines().subList(Math.max(0, child.lines().size() - 10), child.lines().size()));
        }
        campaign.verifyAfter(child,
            line -> line.nanos() >= cutStart && line.text().startsWith("X ") && isFailStop(line.text()),
            line -> !strict && line.nanos() >= cutStart);
        tally(tally, args, child, campaign.lastRacedLost(), cutStart, cutEnd, iteration);
        System.out.println("[stress] KernelPowerCutTest: iteration=" + iteration + " loadMillis=" + loadMillis
            + " firstAckMillis=" + firstAckMillis(child) + " lastAckFromCut=" + lastAckFromCut(child, cutStart)
            + " ioctlMillis=" + String.format("%.3f", (cutEnd - cutStart) / 1e6) + " acks=" + child.acks().size()
            + " lostReadAfterCutStart=" + campaign.lastRacedLost().size() + " recoveredEnd=" + child.recoveredEnd()
            + " failStops=" + child.problemLines().size() + " " + value(args, "syncMethod") + "/" + value(args, "writePath")
            + (child.problemLines().isEmpty() ? "" : " first=" + child.problemLines().getFirst().text()));
    }

    /**
     * What this iteration's failure would need, taken before the parent's recovery repairs the log:
     * the child's lines, timed from the cut, and the segments it wrote as the remount left them.
     */
    private void keepEvidence(final CrashCampaign campaign, final ChildRun child, final String[] args, final long cutStart,
                              final long cutEnd) throws IOException {
        final Path evidence = tmp.resolve("evidence");
        ScratchDirs.deleteQuietly(evidence);
        final Path segments = Files.createDirectories(evidence.resolve("segments-before-recovery"));
        final StringBuilder text = new StringBuilder("# child " + String.join(" ", args) + "\n# ms from the cut's start (the ioctl took "
            + String.format("%.3f", (cutEnd - cutStart) / 1e6) + " ms), then the line\n");
        for (final ChildRun.Line line : child.lines()) {
            text.append(String.format("%+.3f %s%n", (line.nanos() - cutStart) / 1e6, line.text()));
        }
        Files.writeString(evidence.resolve("child-lines.txt"), text);
        final long firstWritten = Lsns.segmentBase(Math.max(child.recoveredEnd(), 0), CrashCampaign.SEGMENT_SIZE);
        try (Stream<Path> files = Files.list(campaign.dir())) {
            for (final Path file : files.toList()) {
                if (SegmentDescriptor.parseFileName(file.getFileName().toString()) >= firstWritten) {
                    Files.copy(file, segments.resolve(file.getFileName()));
                }
            }
        }
    }

    private static void tally(final Tally tally, final String[] args, final ChildRun child, final List<LogCheck.Ack> lost,
                              final long cutStart, final long cutEnd, final int iteration) {
        final Set<Long> lostKeys = new HashSet<>();
        for (final LogCheck.Ack ack : lost) {
            lostKeys.add(ack.key());
        }
        final List<String> lostTimes = new ArrayList<>();
        for (final ChildRun.Line line : child.lines()) {
            if (line.isAck()) {
                if (line.nanos() >= cutEnd) {
                    tally.readAfterIoctl++;
                } else if (line.nanos() >= cutStart) {
                    tally.readDuringIoctl++;
                }
                if (lostKeys.contains(line.ack().key())) {
                    lostTimes.add(String.format("%+.3f", (line.nanos() - cutStart) / 1e6));
                    tally.lostReadDuringIoctl += line.nanos() < cutEnd ? 1 : 0;
                }
            } else if (line.text().startsWith("X ")) {
                tally.failStops++;
                tally.failStopKinds.merge(failStopKind(line.text()), 1, Integer::sum);
            }
        }
        if (!lostTimes.isEmpty()) {
            tally.losses.add("iteration " + iteration + " (" + value(args, "syncMethod") + "/" + value(args, "writePath") + "): "
                + lostTimes.size() + " read at " + lostTimes + " ms from the ioctl's start; it took "
                + String.format("%.3f", (cutEnd - cutStart) / 1e6) + " ms");
        }
        tally.iterationsWithoutFailStop += child.problemLines().isEmpty() ? 1 : 0;
        tally.longestCutMicros = Math.max(tally.longestCutMicros, TimeUnit.NANOSECONDS.toMicros(cutEnd - cutStart));
        tally.mix.merge(value(args, "syncMethod") + "/" + value(args, "writePath"), 1, Integer::sum);
    }

    /** Milliseconds from the child's {@code R} line to its first acknowledgement, or -1 without one. */
    private static long firstAckMillis(final ChildRun child) {
        long opened = -1;
        for (final ChildRun.Line line : child.lines()) {
            if (line.text().startsWith("R ")) {
                opened = line.nanos();
            } else if (line.isAck() && opened >= 0) {
                return TimeUnit.NANOSECONDS.toMillis(line.nanos() - opened);
            }
        }
        return -1;
    }

    private static String lastAckFromCut(final ChildRun child, final long cutStart) {
        long last = Long.MIN_VALUE;
        for (final ChildRun.Line line : child.lines()) {
            if (line.isAck()) {
                last = line.nanos();
            }
        }
        return last == Long.MIN_VALUE ? "none" : String.format("%+.3f", (last - cutStart) / 1e6);
    }

    /** {@code X <thread> <exception>} naming one of {@link #FAIL_STOPS}. */
    private static boolean isFailStop(final String text) {
        final String[] parts = text.split(" ", 3);
        return parts.length == 3 && FAIL_STOPS.stream().anyMatch(parts[2]::startsWith);
    }

    /** {@code X committer-2 dev.mmwal.WalFailedException: ... lsn=123} to its shape, numbers masked, so alike lines count together. */
    private static String failStopKind(final String text) {
        final String[] parts = text.split(" ", 3);
        final String thread = parts[1].replaceAll("[0-9]+$", "N");
        final String what = parts.length > 2 ? parts[2].replaceAll("[0-9]+", "#") : "";
        return thread + " " + (what.length() > 400 ? what.substring(0, 400) + "..." : what);
    }

    private static String value(final String[] args, final String key) {
        for (final String arg : args) {
            if (arg.startsWith(key + "=")) {
                return arg.substring(key.length() + 1);
            }
        }
        throw new IllegalArgumentException("no such child argument: key=" + key);
    }

    /** {@code jcmd <pid> Thread.print} of a child that has not failed by the kill, next to the figures. */
    private static void keepThreadDump(final ChildRun child, final int iteration) throws IOException {
        final Path reports = Files.createDirectories(Path.of(System.getProperty("stress.report.dir", "target/stress-reports")));
        String dump;
        try {
            dump = LoopExt4.run(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(child.pid()), "Thread.print");
        } catch (final IOException ex) {
            dump = "jcmd failed: " + ex.getMessage();
        }
        Files.writeString(reports.resolve("kernel-power-cut-no-fail-stop-" + iteration + ".txt"), dump);
    }

    /** The children's stderr (JVM warnings, a crash report) next to the figures; nothing when empty. */
    private void keepChildStderr() throws IOException {
        if (Files.exists(stderr()) && Files.size(stderr()) > 0) {
            final Path reports = Path.of(System.getProperty("stress.report.dir", "target/stress-reports"));
            Files.createDirectories(reports);
            Files.copy(stderr(), reports.resolve("kernel-power-cut-child-stderr.txt"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Keeps, under target/stress-reports, the log as the parent's recovery left it ({@code log}),
     * the segments the last child wrote as the remount left them, before that recovery repaired
     * them ({@code segments-before-recovery}), the child's timed lines and the children's stderr;
     * names the seed that replays the run (its schedule; the kernel's timing differs).
     */
    private AssertionError failure(final LoopExt4 loop, final long seed, final int iteration, final CrashCampaign campaign,
                                   final Throwable cause) {
        final Path kept = Path.of(System.getProperty("stress.report.dir", "target/stress-reports"),
            "powercut-failure-" + seed + "-" + iteration);
        final AssertionError failure = new AssertionError("kernel power cut: iteration " + iteration + " failed (replay: -Dstress.seed="
            + seed + "; log and child stderr kept in " + kept.toAbsolutePath() + "): " + cause.getMessage(), cause);
        try {
            Files.createDirectories(kept);
            if (Files.exists(stderr())) {
                Files.copy(stderr(), kept.resolve("child-stderr.txt"), StandardCopyOption.REPLACE_EXISTING);
            }
            final Path evidence = tmp.resolve("evidence");
            if (Files.exists(evidence)) {
                Files.copy(evidence.resolve("child-lines.txt"), kept.resolve("child-lines.txt"), StandardCopyOption.REPLACE_EXISTING);
                CrashCampaign.copy(evidence.resolve("segments-before-recovery"), kept.resolve("segments-before-recovery"));
            }
            try {
                CrashCampaign.copy(campaign.dir(), kept.resolve("log"));
            } catch (final UncheckedIOException unreadable) {
                // the failure came between the cut and the remount: the file system is still down
                loop.remount();
                CrashCampaign.copy(campaign.dir(), kept.resolve("log"));
            }
        } catch (final IOException | RuntimeException ex) {
            failure.addSuppressed(ex);
        }
        return failure;
    }

    /**
     * The guard lets the real loop mount through, and nothing near it: a directory inside the
     * mount, another loop device's name, another backing file. A counting stand-in takes the
     * ioctl's place, so this shuts nothing down.
     */
    @Test
    void shouldLetOnlyTheLoopMountThroughTheGuard() throws Exception {
        final AtomicInteger reached = new AtomicInteger();
        final Ext4Shutdown dryRun = new Ext4Shutdown((fd, flags) -> {
            assertEquals(Ext4Shutdown.EXT4_GOING_FLAGS_NOLOGFLUSH, flags);
            reached.incrementAndGet();
            return 0;
        });
        try (LoopExt4 loop = LoopExt4.create(64L << 20)) {
            dryRun.shutdownWithoutLogFlush(loop.target());
            assertEquals(1, reached.get());
            final Path inside = Files.createDirectory(loop.mountPoint().resolve("log"));
            assertThrows(Ext4Shutdown.Refused.class,
                () -> dryRun.shutdownWithoutLogFlush(new Ext4Shutdown.Target(loop.root(), inside, loop.device(), loop.image())));
            final int minor = Integer.parseInt(loop.device().getFileName().toString().substring("loop".length()));
            final Path otherDevice = Path.of("/dev/loop" + (minor + 1));
            assertThrows(Ext4Shutdown.Refused.class,
                () -> dryRun.shutdownWithoutLogFlush(new Ext4Shutdown.Target(loop.root(), loop.mountPoint(), otherDevice, loop.image())));
            final Path otherImage = Files.createFile(loop.root().resolve("other.img"));
            try {
                assertThrows(Ext4Shutdown.Refused.class,
                    () -> dryRun.shutdownWithoutLogFlush(new Ext4Shutdown.Target(loop.root(), loop.mountPoint(), loop.device(), otherImage)));
            } finally {
                Files.delete(otherImage);
            }
            assertEquals(1, reached.get());
            Files.writeString(inside.resolve("still-writable"), "the dry run shut nothing down");
            Files.delete(inside.resolve("still-writable"));
            Files.delete(inside);
        }
    }
}

package dev.mmwal.stress.crash;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.format.LockFileDescriptor;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.stress.oracle.LogCheck;
import dev.mmwal.testing.Payloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One log directory carried through many crashes: every acknowledgement any child (or the parent)
 * ever got for it, and what the parent last recovered. {@link #verifyAfter(ChildRun)} is the
 * restart step: recover, check D1-D3 and D7, recover again (D5), then continue writing.
 */
public final class CrashCampaign {
    public static final long SEGMENT_SIZE = 64 << 10;
    private static final long PARENT_THREAD = 0xFF;

    private final Path dir;
    private final long generation;
    private final List<LogCheck.Ack> acks = new ArrayList<>();
    private final List<LogCheck.Ack> racedPending = new ArrayList<>();
    private List<LogCheck.Ack> lastRacedLost = List.of();
    private long racedAcknowledged;
    private long racedLost;
    private List<LogCheck.Rec> lastRecords = List.of();
    private long expectedTail = -1;
    private long restarts;
    long acknowledged;
    long killedBeforeOpen;

    public CrashCampaign(final Path dir, final long generation) {
        this.dir = dir;
        this.generation = generation;
    }

    public Path dir() {
        return dir;
    }

    WalConfig config() {
        return config(dir);
    }

    static WalConfig config(final Path dir) {
        return WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build();
    }

    /** Arguments for a child that writes this log in iteration {@code iteration}; the seed picks sync method and write path. */
    public String[] childArgs(final long iteration, final long seed, final KillPoint point, final int occurrence) {
        return childArgs(iteration, seed, point, occurrence, Math.floorMod(seed, 4) == 1 ? "STAGED" : "MAPPED");
    }

    /**
     * Arguments for a child on a given write path. (The staged path never writes past a hole to the
     * file, so only the mapped one leaves a torn tail for recovery to wipe.)
     */
    String[] childArgs(final long iteration, final long seed, final KillPoint point, final int occurrence, final String writePath) {
        return new String[] {"dir=" + dir, "iteration=" + iteration, "threads=4", "seed=" + seed,
            "segmentSize=" + SEGMENT_SIZE, "killPoint=" + point, "occurrence=" + occurrence,
            "syncMethod=" + (Math.floorMod(seed, 3) == 0 ? "FDATASYNC" : "MSYNC"), "writePath=" + writePath};
    }

    /** Takes in what a killed child acknowledged and checks what it saw itself (problems, D7, D5 across processes). */
    void absorb(final ChildRun child) {
        absorb(child, line -> false, line -> false);
    }

    /**
     * {@link #absorb(ChildRun)} for a child whose fault the test caused itself.
     *
     * @param expected a problem line for which this holds (say, a committer failing fast after the
     *        file system went away) is not a failure; every other one is
     * @param raced an acknowledgement line for which this holds may have come from a sync that
     *        returned after the fault began, so the fault may have undone it: {@link #verifyAfter}
     *        counts it as lost or, when recovered, holds the log to it from then on; every other
     *        acknowledgement must be recovered (D1)
     */
    public void absorb(final ChildRun child, final Predicate<ChildRun.Line> expected, final Predicate<ChildRun.Line> raced) {
        final List<String> unexpected = new ArrayList<>();
        for (final ChildRun.Line line : child.problemLines()) {
            if (!expected.test(line)) {
                unexpected.add(line.text());
            }
        }
        if (!unexpected.isEmpty()) {
            throw new AssertionError("the child reported problems: " + unexpected);
        }
        final long childEnd = child.recoveredEnd();
        if (childEnd < 0) {
            killedBeforeOpen++;
        } else if (expectedTail >= 0 && child.recoveredTail() != expectedTail) {
            throw new AssertionError("D5 violated: the child recovered a different log end than the parent left: childTail="
                + child.recoveredTail() + ", parentTail=" + expectedTail);
        }
        for (final ChildRun.Line line : child.lines()) {
            if (!line.isAck()) {
                continue;
            }
            final LogCheck.Ack ack = line.ack();
            LogCheck.checkAfterRestart(childEnd, ack.lsn());
            (raced.test(line) ? racedPending : acks).add(ack);
            acknowledged++;
        }
        if (childEnd >= 0) {
            // it opened and wrote: the parent no longer knows what the log holds until it recovers it
            expectedTail = -1;
            lastRecords = List.of();
        }
    }

    /** The restart: recover and check, recover again and compare, then append and commit one record. */
    LogCheck.Snapshot verifyAfter(final ChildRun child) {
        return verifyAfter(child, line -> false, line -> false);
    }

    /** {@link #verifyAfter(ChildRun)} for a fault the test caused: see {@link #absorb(ChildRun, Predicate, Predicate)}. */
    public LogCheck.Snapshot verifyAfter(final ChildRun child, final Predicate<ChildRun.Line> expected, final Predicate<ChildRun.Line> raced) {
        absorb(child, expected, raced);
        final LogCheck.Snapshot first = LogCheck.recoverAndCheck(config());
        LogCheck.checkAcknowledged(first, acks);
        settleRaced(first);
        if (child.recoveredEnd() < 0 && expectedTail >= 0
            && (first.tail() != expectedTail || !first.records().equals(lastRecords))) {
            throw new AssertionError("D5 violated: a child killed before it finished opening changed the log: tail="
                + first.tail() + ", expected=" + expectedTail);
        }
        try (Wal wal = Wal.open(config())) {
            final LogCheck.Snapshot second = LogCheck.check(wal);
            LogCheck.checkSameLog(first, second);
            final long key = CrashChild.key(generation, (int)PARENT_THREAD, restarts++);
            final byte[] payload = Payloads.bytes(key, 64);
            final long lsn = wal.appendAndCommit(payload);
            LogCheck.checkAfterRestart(second.endLsn(), lsn);
            acks.add(new LogCheck.Ack(lsn, key, payload.length));
            final List<LogCheck.Rec> records = new ArrayList<>(second.records());
            records.add(new LogCheck.Rec(lsn, key, payload.length));
            lastRecords = records;
            expectedTail = Lsns.nextRecordStart(lsn + RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + payload.length),
                SEGMENT_SIZE);
            return second;
        }
    }

    /** Raced acknowledgements: recovered ones (where acknowledged, else D1) join the ones the log is held to; the rest are lost. */
    private void settleRaced(final LogCheck.Snapshot recovered) {
        final Map<Long, LogCheck.Rec> byKey = new HashMap<>();
        for (final LogCheck.Rec rec : recovered.records()) {
            byKey.put(rec.key(), rec);
        }
        lastRacedLost = new ArrayList<>();
        for (final LogCheck.Ack ack : racedPending) {
            final LogCheck.Rec rec = byKey.get(ack.key());
            if (rec == null) {
                lastRacedLost.add(ack);
            } else if (rec.lsn() != ack.lsn() || rec.length() != ack.length()) {
                throw new AssertionError("D1 violated: acknowledged record recovered elsewhere: " + ack + ", found=" + rec);
            } else {
                acks.add(ack);
            }
        }
        racedAcknowledged += racedPending.size();
        racedLost += lastRacedLost.size();
        racedPending.clear();
    }

    /** Copies the directory (segments only; the page cache is what a crashed process leaves). */
    public static void copy(final Path from, final Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (final Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * {@link #copy}, then records in the copy's lock file the page-cache epoch the copy is in now
     * (wal-core's {@code LockFileDescriptor}). Honest only for a copy made through the page cache,
     * in this boot, of a directory no writer holds: the copy then holds exactly what a recovery of
     * the original would see, and it recovers the same way (unpublished reservations bridged,
     * docs/recovery.md). A plain copy is a new epoch and ends at the first such reservation.
     */
    public static void copyInSameEpoch(final Path from, final Path to) {
        copy(from, to);
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment content = arena.allocate(LockFileDescriptor.LENGTH, 8);
            LockFileDescriptor.write(content, PosixFileOps.INSTANCE.cacheEpoch(to));
            Files.write(to.resolve("mmwal.lock"), content.toArray(ValueLayout.JAVA_BYTE));
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public List<LogCheck.Ack> acks() {
        return acks;
    }

    /** Acknowledgements taken in from children so far (the parent's own commits not counted). */
    public long acknowledged() {
        return acknowledged;
    }

    /** Raced acknowledgements (see {@link #absorb(ChildRun, Predicate, Predicate)}) taken in so far. */
    public long racedAcknowledged() {
        return racedAcknowledged;
    }

    /** Raced acknowledgements the recoveries did not find. */
    public long racedLost() {
        return racedLost;
    }

    /** The raced acknowledgements the last {@link #verifyAfter} did not find. */
    public List<LogCheck.Ack> lastRacedLost() {
        return lastRacedLost;
    }
}

package dev.mmwal.stress.faults;

import dev.mmwal.SyncMethod;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalException;
import dev.mmwal.WalFailedException;
import dev.mmwal.stress.support.WalAccess;
import dev.mmwal.WritePath;
import dev.mmwal.stress.oracle.LogCheck;
import dev.mmwal.stress.oracle.ScratchDirs;
import dev.mmwal.stress.oracle.StressSettings;
import dev.mmwal.testing.FaultInjectingFileOps.Site;
import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * I/O faults through {@link FaultInjectingFileOps}: for every call site, the n-th call fails with
 * EIO or ENOSPC, once or forever, n swept over the calls a run makes (during open and recovery of
 * a fresh or an existing log, and under three committing threads with segment rolls), on the mapped
 * write path (fdatasync or msync) and the staged one (pwrite + fdatasync). Checked:
 * <ul>
 *   <li>D4 for a fault on the flusher (a failed data, range or seal sync): no acknowledgement at or
 *   above the durable LSN of the moment of the fault, the durable LSN never moves again (a sync
 *   that failed once is never retried and acknowledged), the log is FAILED, appends fail fast and
 *   waiters get {@link WalFailedException};</li>
 *   <li>a fault elsewhere (segment preparation, open, recovery) surfaces as a {@link WalException}
 *   or not at all, never another exception type, a hang or a JVM fault;</li>
 *   <li>reopening with healthy I/O recovers every acknowledged record byte-exact (D1), nothing
 *   invented (D2), an unbroken chain (D3); a failed open leaves the log as it was (D5).</li>
 * </ul>
 */
// a campaign: its length is set by its calls property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class IoFaultSweepTest {
    private static final long SEGMENT_SIZE = 64 << 10;
    private static final int THREADS = 3;
    private static final int COMMITS_PER_THREAD = 40;
    private static final int[] CALLS = {0, 1, 2, 3, 4, 6, 9, 14, 25};

    @TempDir
    static Path tmp;
    /** An existing log to reopen: records, a clean close, then stale bytes after its end for recovery to wipe. */
    static Map<String, byte[]> existing;
    static List<LogCheck.Ack> existingAcks;

    private int cases;
    private int openFailures;
    private int flusherFaults;
    private int otherFaults;
    private int notReached;
    private long acknowledged;

    @BeforeAll
    static void existingLog() throws IOException {
        final Path dir = ScratchDirs.create(tmp, "faults-base");
        final List<LogCheck.Ack> acks = new ArrayList<>();
        long end;
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build())) {
            for (int i = 0; i < 100; i++) {
                final long key = 1L << 48 | i;
                final byte[] payload = Payloads.bytes(key, 16 + i * 7);
                acks.add(new LogCheck.Ack(wal.appendAndCommit(payload), key, payload.length));
            }
            end = wal.tailLsn();
        }
        existing = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".wal")).toList()) {
                existing.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        final byte[] tail = existing.get(String.format("%016x.wal", end & -SEGMENT_SIZE));
        for (int i = (int)(end & (SEGMENT_SIZE - 1)) + 64; i < (int)(end & (SEGMENT_SIZE - 1)) + 600; i++) {
            tail[i] = (byte)0xA5;
        }
        existingAcks = List.copyOf(acks);
    }

    @ParameterizedTest
    @EnumSource(Site.class)
    void shouldFailStopAndRecoverTheAcknowledgedPrefixWhenIoFails(final Site site) throws Exception {
        final int maxCalls = StressSettings.intProperty("stress.faults.calls", 0);
        final int[] calls = maxCalls > 0 ? IntStream.range(0, maxCalls).toArray() : CALLS;
        for (final boolean onExistingLog : new boolean[] {false, true}) {
            for (final int n : calls) {
                for (final boolean forever : new boolean[] {false, true}) {
                    final String errno = (n + (forever ? 1 : 0)) % 2 == 0 ? "EIO" : "ENOSPC";
                    final int variant = (n + (forever ? 1 : 0) + (onExistingLog ? 1 : 0)) % 3;
                    final SyncMethod method = variant == 0 ? SyncMethod.FDATASYNC : SyncMethod.MSYNC;
                    final WritePath path = variant == 2 ? WritePath.STAGED : WritePath.MAPPED;
                    final String name = site + " call " + n + (forever ? " forever " : " once ") + errno + " " + path + "/" + method
                        + (onExistingLog ? " existing log" : " new log");
                    try {
                        runCase(site, n, forever, errno, method, path, onExistingLog);
                    } catch (final AssertionError | RuntimeException ex) {
                        throw new AssertionError("I/O fault case failed: " + name + ": " + ex, ex);
                    }
                }
            }
        }
        StressSettings.report("io-faults", "site=" + site + " cases=" + cases + " openFailedTyped=" + openFailures
            + " flusherFaults(D4 checked)=" + flusherFaults + " otherFaults=" + otherFaults + " faultNotReached=" + notReached
            + " acknowledged=" + acknowledged + " acksAfterFailure=0 durableAdvanceAfterFailure=0 lostAcknowledged=0 untypedExceptions=0");
    }

    private void runCase(final Site site, final int n, final boolean forever, final String errno, final SyncMethod method,
                         final WritePath path, final boolean onExistingLog) throws Exception {
        cases++;
        final Path dir = ScratchDirs.create(tmp, "fault");
        final List<LogCheck.Ack> acks = Collections.synchronizedList(new ArrayList<>());
        if (onExistingLog) {
            for (final Map.Entry<String, byte[]> file : existing.entrySet()) {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
            acks.addAll(existingAcks);
        }
        final FaultInjectingFileOps injector = new FaultInjectingFileOps().failAfter(site, n, forever ? Integer.MAX_VALUE : 1, errno);
        final ObservingFileOps ops = new ObservingFileOps(injector);
        final WalConfig config = WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).fileOps(ops).syncMethod(method).writePath(path).build();
        final Wal wal;
        try {
            wal = Wal.open(config);
        } catch (final WalException ex) {
            if (ops.first() == null) {
                throw new AssertionError("open failed without an injected fault", ex);
            }
            openFailures++;
            reopenAndCheck(dir, acks);
            return;
        }
        ops.durable(() -> WalAccess.engine(wal).durableLsnAcquire());
        try {
            commitFromThreads(wal, acks, new Random(n * 31L + site.ordinal()));
            final ObservingFileOps.Fault fault = ops.first();
            if (fault == null) {
                notReached++;
            } else if (fault.onFlusher()) {
                flusherFaults++;
                checkFailStop(wal, fault, acks);
            } else {
                otherFaults++;
            }
        } finally {
            try {
                wal.close();
            } catch (final WalException expected) {
                // close reports the failure or a drain it could not finish: a typed exception is fine
            }
        }
        reopenAndCheck(dir, acks);
    }

    private void commitFromThreads(final Wal wal, final List<LogCheck.Ack> acks, final Random random) throws InterruptedException {
        final List<Throwable> untyped = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final long seed = random.nextLong();
            final int thread = t;
            threads.add(Thread.ofPlatform().name("committer-" + t).start(() -> {
                final Random r = new Random(seed);
                for (int i = 0; i < COMMITS_PER_THREAD; i++) {
                    final long key = (long)thread << 32 | i;
                    final byte[] payload = Payloads.bytes(key, 16 + r.nextInt(1_500));
                    try {
                        final long lsn = wal.append(payload);
                        wal.awaitDurable(lsn);
                        acks.add(new LogCheck.Ack(lsn, key, payload.length));
                    } catch (final WalException ex) {
                        return;
                    } catch (final RuntimeException | Error ex) {
                        untyped.add(ex);
                        return;
                    }
                }
            }));
        }
        for (final Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            if (thread.isAlive()) {
                throw new AssertionError("a committer hung: " + thread.getName() + ", durable=" + wal.durableLsn() + ", failed=" + wal.isFailed());
            }
        }
        if (!untyped.isEmpty()) {
            throw new AssertionError("a committer got an exception that is not a WalException: " + untyped, untyped.getFirst());
        }
        acknowledged += acks.size();
    }

    /** D4: nothing acknowledged at or above the durable LSN of the fault; it never moves again. */
    private static void checkFailStop(final Wal wal, final ObservingFileOps.Fault fault, final List<LogCheck.Ack> acks) {
        for (final LogCheck.Ack ack : List.copyOf(acks)) {
            if (ack.lsn() >= fault.durableLsn()) {
                throw new AssertionError("D4 violated: acknowledged after the failed sync: " + ack + ", durableAtFault=" + fault.durableLsn()
                    + ", fault=" + fault);
            }
        }
        if (wal.durableLsn() != fault.durableLsn()) {
            throw new AssertionError("D4 violated: the durable LSN moved after the failed sync: now=" + wal.durableLsn()
                + ", atFault=" + fault.durableLsn() + ", fault=" + fault);
        }
        if (!wal.isFailed()) {
            throw new AssertionError("a failed sync did not put the log in FAILED state: " + fault);
        }
        assertThrows(WalFailedException.class, () -> wal.append(new byte[16]), "appends must fail fast after the failure");
        final long last = wal.tailLsn() - 1;
        if (last >= fault.durableLsn()) {
            assertThrows(WalFailedException.class, () -> wal.awaitDurable(last), "a waiter beyond the durable LSN must fail");
        }
    }

    /** Reopen with healthy I/O: every acknowledgement (and the existing log) is back, nothing invented, one chain. */
    private static void reopenAndCheck(final Path dir, final List<LogCheck.Ack> acks) {
        final LogCheck.Snapshot recovered = LogCheck.recoverAndCheck(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build());
        LogCheck.checkAcknowledged(recovered, acks);
        LogCheck.checkSameLog(recovered, LogCheck.recoverAndCheck(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build()));
        ScratchDirs.deleteQuietly(dir);
    }
}

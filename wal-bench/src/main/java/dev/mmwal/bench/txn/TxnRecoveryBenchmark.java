package dev.mmwal.bench.txn;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.MmwalConfigs;
import dev.mmwal.bench.support.ResultSink;
import dev.mmwal.txn.RecoveryStats;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnConfig;
import dev.mmwal.txn.TxnLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Restart recovery time against log size and loser count: {@link Wal#open} then
 * {@link TxnLog#recover} of a log of {@code logMiB} MiB of committed transactions (16 updates of
 * 256 B each, on 4,096 pages) with {@code losers} transactions left open (4 updates each, spread
 * over the log), and no checkpoint: analysis reads the whole log, redo repeats every update
 * (the pages were never written back), undo rolls back every loser (a CLR per update, an END
 * each). Each invocation recovers a fresh copy of the same log (copied outside the measurement;
 * page cache hot). Reports JMH's time per recovery and the recovery's own phase times.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
@State(Scope.Benchmark)
public class TxnRecoveryBenchmark {
    static final int PAGES = 4096;
    static final int VALUE = 256;
    static final int UPDATES_PER_WINNER = 16;
    static final int UPDATES_PER_LOSER = 4;
    private static final TxnConfig RECOVER_ONLY = TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).build();

    @Param({"16", "64"})
    public int logMiB;

    @Param({"0", "64", "1024"})
    public int losers;

    private Path pristine;
    private Path work;
    private Wal wal;
    private TxnLog log;
    private boolean measuring;
    private RecoveryStats last;
    private final Map<String, Double> extras = new TreeMap<>();

    @Setup(Level.Trial)
    public void writeLog() {
        pristine = BenchDirs.create("txn-recovery-" + logMiB + "-" + losers);
        try (Wal w = Wal.open(config(pristine)); TxnLog l = TxnLog.open(w, RECOVER_ONLY)) {
            final MemoryPages pages = new MemoryPages(PAGES);
            pages.attach(l);
            l.recover(pages);
            new LogWriter(l, pages, losers).writeUntil((long)logMiB << 20);
        }
    }

    private static WalConfig config(final Path dir) {
        return MmwalConfigs.builder(dir).build();
    }

    @Setup(Level.Invocation)
    public void copyLog(final IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        work = BenchDirs.create("txn-recovery-work");
        try (Stream<Path> files = Files.list(pristine)) {
            for (final Path file : files.toList()) {
                Files.copy(file, work.resolve(file.getFileName()));
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot copy the log: from=" + pristine + ", to=" + work, ex);
        }
    }

    @Benchmark
    public long recover() {
        wal = Wal.open(config(work));
        log = TxnLog.open(wal, RECOVER_ONLY);
        final MemoryPages pages = new MemoryPages(PAGES);
        pages.attach(log);
        last = log.recover(pages);
        return last.redone();
    }

    @TearDown(Level.Invocation)
    public void closeAndDelete() {
        log.close();
        wal.close();
        BenchDirs.delete(work);
        if (measuring) {
            extras.put("analysis_ms", last.analysisNanos() / 1e6);
            extras.put("redo_ms", last.redoNanos() / 1e6);
            extras.put("undo_ms", last.undoNanos() / 1e6);
            extras.put("records_scanned", (double)last.recordsScanned());
            extras.put("redone", (double)last.redone());
            extras.put("clrs", (double)last.clrsWritten());
            extras.put("losers", (double)last.losers());
        }
    }

    @TearDown(Level.Trial)
    public void deleteLog(final BenchmarkParams params) {
        extras.put("log_bytes", (double)BenchDirs.sizeOf(pristine));
        BenchDirs.delete(pristine);
        ResultSink.write(params, extras);
    }

    /** Writes winners until the log reaches its size, with the losers' updates spread over it. */
    private static final class LogWriter {
        private final TxnLog log;
        private final MemoryPages pages;
        private final Transaction[] losers;
        private final int[] loserUpdates;
        private final byte[] value = new byte[VALUE];
        private final byte[] before = new byte[VALUE];
        private final SplittableRandom random = new SplittableRandom(42);

        LogWriter(final TxnLog log, final MemoryPages pages, final int losers) {
            this.log = log;
            this.pages = pages;
            this.losers = new Transaction[losers];
            this.loserUpdates = new int[losers];
            for (int i = 0; i < losers; i++) {
                this.losers[i] = log.begin();
            }
        }

        void writeUntil(final long bytes) {
            final long winnerBytes = (long)UPDATES_PER_WINNER * (2 * VALUE + 64);
            final long winners = Math.max(1, bytes / winnerBytes);
            final long every = Math.max(1, winners / Math.max(1, (long)losers.length * UPDATES_PER_LOSER));
            long n = 0;
            int next = 0;
            while (log.wal().tailLsn() < bytes) {
                winner();
                if (++n % every == 0 && next < losers.length * UPDATES_PER_LOSER) {
                    loserUpdate(next % losers.length);
                    next++;
                }
            }
            while (next < losers.length * UPDATES_PER_LOSER) {
                loserUpdate(next++ % losers.length);
            }
            log.wal().flush();
        }

        /** Winners write the first half of each page, losers the second (their two-phase locks never meet). */
        private void winner() {
            final Transaction txn = log.begin();
            for (int i = 0; i < UPDATES_PER_WINNER; i++) {
                random.nextBytes(value);
                pages.write(txn, random.nextInt(PAGES), random.nextInt(MemoryPages.PAGE_SIZE / 2 / VALUE) * VALUE, value, before);
            }
            log.commit(txn);
        }

        private void loserUpdate(final int loser) {
            random.nextBytes(value);
            final int offset = MemoryPages.PAGE_SIZE / 2 + (loser * UPDATES_PER_LOSER + loserUpdates[loser]++) % (MemoryPages.PAGE_SIZE / 2 / VALUE) * VALUE;
            pages.write(losers[loser], random.nextInt(PAGES), offset, value, before);
        }
    }
}

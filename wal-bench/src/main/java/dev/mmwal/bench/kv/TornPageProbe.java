package dev.mmwal.bench.kv;

import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.SyncMode;
import dev.mmwal.kv.TornPageProtection;
import dev.mmwal.kv.bank.Bank;
import dev.mmwal.kv.bank.BankLoad;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Full-page images against doublewrite, measured side by side on the bank workload (docs/kv.md,
 * "Torn pages"): for each thread count, each mode runs the bank on a fresh store for the same
 * time, interleaved (FPI, DW, FPI, DW... for {@code rounds}), with a checkpoint every
 * {@code checkpointMillis} taken and timed by this thread. Reports transfers/s, commit p50/p99
 * (begin to durable commit), log bytes synced per transfer, and checkpoint time and pages.
 *
 * <pre>{@code
 * ./mvnw25 -B -q -pl wal-bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *   -cp wal-bench/target/wal-bench-*-SNAPSHOT.jar dev.mmwal.bench.kv.TornPageProbe [seconds=8] [threads=1,16] [rounds=2] [checkpointMillis=1000]
 * }</pre>
 */
public final class TornPageProbe {
    private static final int ACCOUNTS = 10_000;
    private static final long BALANCE = 1_000;

    private TornPageProbe() {
    }

    /** One run's figures. */
    private record Cell(TornPageProtection mode, int threads, long transfers, double seconds, long p50, long p99, double logBytesPerTransfer,
                        int checkpoints, double checkpointMeanMillis, double checkpointMaxMillis, double pagesPerCheckpoint) {
    }

    public static void main(final String[] args) throws InterruptedException {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        final String[] threadCounts = (args.length > 1 ? args[1] : "1,16").split(",");
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        final long checkpointMillis = args.length > 3 ? Long.parseLong(args[3]) : 1000;
        final List<Cell> cells = new ArrayList<>();
        for (final String count : threadCounts) {
            for (int round = 0; round < rounds; round++) {
                for (final TornPageProtection mode : TornPageProtection.values()) {
                    final Cell cell = run(mode, Integer.parseInt(count.trim()), seconds, checkpointMillis, round);
                    cells.add(cell);
                    System.out.println(row(cell));
                }
            }
        }
        System.out.println();
        System.out.println("| mode | threads | transfers/s | commit p50 µs | commit p99 µs | log bytes/transfer | checkpoints | checkpoint mean ms | checkpoint max ms | pages/checkpoint |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (final Cell cell : cells) {
            System.out.println(row(cell));
        }
    }

    private static Cell run(final TornPageProtection mode, final int threads, final int seconds, final long checkpointMillis, final int round)
        throws InterruptedException {
        final Path dir = BenchDirs.create("torn-" + mode + "-" + threads + "-" + round);
        try (KvStore store = KvStore.open(Bank.config(dir).manualCheckpointsOnly().tornPageProtection(mode).build())) {
            final Bank bank = Bank.open(store, ACCOUNTS, BALANCE);
            store.checkpoint();
            final long syncedBefore = store.walMetrics().bytesSynced();
            final long pagesBefore = store.stats().pagesWritten();
            final BankLoad load = new BankLoad(bank, SyncMode.DURABLE, bank.reserveIdBase(), (id, from, to, amount) -> { });
            final long start = System.nanoTime();
            final long end = start + TimeUnit.SECONDS.toNanos(seconds);
            load.start(threads, 42 + round);
            int checkpoints = 0;
            long checkpointNanos = 0;
            long checkpointMax = 0;
            while (System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(Math.min(checkpointMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                if (System.nanoTime() >= end) {
                    break;
                }
                final long before = System.nanoTime();
                store.checkpoint();
                final long took = System.nanoTime() - before;
                checkpoints++;
                checkpointNanos += took;
                checkpointMax = Math.max(checkpointMax, took);
            }
            load.stop();
            final double elapsed = (System.nanoTime() - start) / 1e9;
            if (load.failure() != null) {
                throw new IllegalStateException("bank load failed: mode=" + mode + ", threads=" + threads, load.failure());
            }
            final Histogram latency = load.latency().getIntervalHistogram();
            final long transfers = load.committed();
            final long logBytes = store.walMetrics().bytesSynced() - syncedBefore;
            final long pages = store.stats().pagesWritten() - pagesBefore;
            return new Cell(mode, threads, transfers, elapsed, latency.getValueAtPercentile(50) / 1000, latency.getValueAtPercentile(99) / 1000,
                (double)logBytes / Math.max(1, transfers), checkpoints, checkpoints == 0 ? 0 : checkpointNanos / 1e6 / checkpoints,
                checkpointMax / 1e6, checkpoints == 0 ? 0 : (double)pages / checkpoints);
        } finally {
            BenchDirs.delete(dir);
        }
    }

    private static String row(final Cell cell) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %d | %.0f | %d | %.1f | %.1f | %.0f |", cell.mode(), cell.threads(),
            cell.transfers() / cell.seconds(), cell.p50(), cell.p99(), cell.logBytesPerTransfer(), cell.checkpoints(), cell.checkpointMeanMillis(),
            cell.checkpointMaxMillis(), cell.pagesPerCheckpoint());
    }
}

package dev.mmwal.bench.kv;

import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.kv.KvConfig;
import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.KvTable;
import dev.mmwal.kv.KvTxn;
import dev.mmwal.kv.SyncMode;
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
import org.openjdk.jmh.infra.ThreadParams;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * wal-kv's transaction hot path alone, for its allocation ({@code -prof gc}): a transfer between
 * two existing accounts with the long-typed API on a reused transaction ({@code begin(txn)},
 * {@code getLongForUpdate} x2, {@code putLong} x2, {@code commit}), and the same transfer rolled
 * back ({@link #rollback}). {@code sync}: DURABLE (group commit wait) or NONE. No transfer row and
 * no checkpoints (unlike {@link BankBenchmark}): only the per-transaction work.
 *
 * <pre>{@code java -jar wal-bench/target/benchmarks.jar KvTransferBenchmark -prof gc}</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 2, time = 2)
public class KvTransferBenchmark {
    static final int ACCOUNTS = 10_000;

    /** One store per trial, in a fresh temporary directory. */
    @State(Scope.Benchmark)
    public static class Store {
        @Param({"DURABLE", "NONE"})
        public SyncMode sync;

        KvStore store;
        KvTable accounts;
        Path dir;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = BenchDirs.create("kv-transfer");
            store = KvStore.open(KvConfig.builder(dir).maxKeySize(16).maxValueSize(24).segmentSize(64L << 20).manualCheckpointsOnly().build());
            accounts = store.createTable("accounts");
            for (int first = 0; first < ACCOUNTS; first += 1000) {
                final KvTxn txn = store.begin();
                for (int account = first; account < first + 1000; account++) {
                    store.putLong(txn, accounts, account, 1_000_000_000L);
                }
                store.commit(txn, SyncMode.DURABLE);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            BenchDirs.delete(dir);
        }
    }

    /** A thread's random source and reused transaction. */
    @State(Scope.Thread)
    public static class Teller {
        SplittableRandom random;
        KvTxn txn;

        @Setup(Level.Trial)
        public void assign(final ThreadParams thread, final Store store) {
            random = new SplittableRandom(thread.getThreadIndex());
            txn = store.store.begin();
            store.store.commit(txn, SyncMode.NONE);
        }
    }

    @Benchmark
    public long transfer(final Store store, final Teller teller) {
        final KvTxn txn = move(store, teller);
        return store.store.commit(txn, store.sync);
    }

    @Benchmark
    public long rollback(final Store store, final Teller teller) {
        final KvTxn txn = move(store, teller);
        store.store.rollback(txn);
        return txn.id();
    }

    private static KvTxn move(final Store store, final Teller teller) {
        final KvStore kv = store.store;
        final int from = teller.random.nextInt(ACCOUNTS);
        int to = teller.random.nextInt(ACCOUNTS - 1);
        to += to >= from ? 1 : 0;
        final KvTxn txn = kv.begin(teller.txn);
        final long low = kv.getLongForUpdate(txn, store.accounts, Math.min(from, to), 0);
        final long high = kv.getLongForUpdate(txn, store.accounts, Math.max(from, to), 0);
        kv.putLong(txn, store.accounts, Math.min(from, to), low - 1);
        kv.putLong(txn, store.accounts, Math.max(from, to), high + 1);
        return txn;
    }
}

package dev.mmwal.bench.txn;

import dev.mmwal.Wal;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.MmwalConfigs;
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
import org.openjdk.jmh.infra.ThreadParams;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TransactionDB;
import org.rocksdb.TransactionDBOptions;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Durable transactions/s: each transaction changes {@code updates} 64-byte values on pages its
 * thread owns (no lock conflicts) and commits, returning once the commit is durable.
 * <b>mmwal</b>: wal-txn over the library's default log ({@link TxnLog#update} logs before and
 * after image, {@link TxnLog#commit} waits through the group commit), pages in memory
 * ({@link MemoryPages}), default automatic checkpoints. <b>rocksdb</b>: {@link TransactionDB}
 * (pessimistic), one {@code put} per update of a key per page, {@code commit} with
 * {@code sync=true} (RocksDB groups concurrent commits into one WAL sync), compression off. Both in
 * a fresh directory under {@link BenchDirs#base()}: the same disk. Threads with {@code -t}
 * (1, 4, 16, 64).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 3)
public class TxnThroughputBenchmark {
    static final int VALUE = 64;
    static final int PAGES_PER_THREAD = 64;

    static {
        RocksDB.loadLibrary();
    }

    /** One database per trial. */
    @State(Scope.Benchmark)
    public static class Db {
        @Param({"mmwal", "rocksdb"})
        public String system;

        @Param({"1", "4", "8"})
        public int updates;

        boolean mmwal;
        Path dir;
        Wal wal;
        TxnLog log;
        MemoryPages pages;
        Options options;
        TransactionDBOptions txnDbOptions;
        TransactionDB rocks;
        WriteOptions sync;

        @Setup(Level.Trial)
        public void open(final BenchmarkParams params) throws RocksDBException {
            dir = BenchDirs.create("txn-" + system);
            mmwal = switch (system) {
                case "mmwal" -> true;
                case "rocksdb" -> false;
                default -> throw new IllegalArgumentException("unknown system: system=" + system + ", expected=mmwal|rocksdb");
            };
            if (mmwal) {
                wal = Wal.open(MmwalConfigs.builder(dir).build());
                log = TxnLog.open(wal, TxnConfig.defaults());
                pages = new MemoryPages(params.getThreads() * PAGES_PER_THREAD);
                pages.attach(log);
                log.recover(pages);
            } else {
                options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION);
                txnDbOptions = new TransactionDBOptions();
                rocks = TransactionDB.open(options, txnDbOptions, dir.toString());
                sync = new WriteOptions().setSync(true);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            if (mmwal) {
                log.close();
                wal.close();
            } else {
                sync.close();
                rocks.close();
                txnDbOptions.close();
                options.close();
            }
            BenchDirs.delete(dir);
        }
    }

    /** What one thread owns: its pages (and their RocksDB keys) and its scratch. */
    @State(Scope.Thread)
    public static class Worker {
        final byte[] value = new byte[VALUE];
        final byte[] before = new byte[VALUE];
        final SplittableRandom random = new SplittableRandom(7);
        int firstPage;
        byte[][] keys;
        long counter;

        @Setup(Level.Trial)
        public void assign(final ThreadParams thread) {
            firstPage = thread.getThreadIndex() * PAGES_PER_THREAD;
            keys = new byte[PAGES_PER_THREAD][];
            for (int i = 0; i < PAGES_PER_THREAD; i++) {
                keys[i] = ("page-" + (firstPage + i)).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    @Benchmark
    public long transaction(final Db db, final Worker worker) throws RocksDBException {
        return db.mmwal ? mmwal(db, worker) : rocksdb(db, worker);
    }

    private static long mmwal(final Db db, final Worker worker) {
        final Transaction txn = db.log.begin();
        for (int i = 0; i < db.updates; i++) {
            worker.value[0] = (byte)worker.counter++;
            final int offset = worker.random.nextInt(MemoryPages.PAGE_SIZE / VALUE) * VALUE;
            db.pages.write(txn, worker.firstPage + worker.random.nextInt(PAGES_PER_THREAD), offset, worker.value, worker.before);
        }
        return db.log.commit(txn);
    }

    private static long rocksdb(final Db db, final Worker worker) throws RocksDBException {
        // A transaction per commit, closed at once: a handle kept across commits (beginTransaction's
        // reuse form) would outlive the database at teardown, and closing it then crashes RocksDB.
        try (org.rocksdb.Transaction txn = db.rocks.beginTransaction(db.sync)) {
            for (int i = 0; i < db.updates; i++) {
                worker.value[0] = (byte)worker.counter++;
                txn.put(worker.keys[worker.random.nextInt(PAGES_PER_THREAD)], worker.value);
            }
            txn.commit();
        }
        return worker.counter;
    }
}

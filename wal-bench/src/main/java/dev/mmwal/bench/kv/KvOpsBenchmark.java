package dev.mmwal.bench.kv;

import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.Payloads;
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
 * Point get, single-put transactions and 100-row ordered scans on a table preloaded with 100,000
 * rows (16-byte keys, 100-byte values), none of them synced: wal-kv ({@code SyncMode.NONE}),
 * RocksDB TransactionDB ({@code sync=false}), LMDB ({@code MDB_NOSYNC}), H2 MVStore TransactionStore
 * (commit without store sync). Keys are uniformly random; a put overwrites an existing key, so the
 * table keeps its size. Throughput, operations per second; threads with {@code -t}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.LMDB_NIO, JvmArgs.CHRONICLE_NIO,
    JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class KvOpsBenchmark {
    /** One preloaded store per trial, in a fresh temporary directory. */
    @State(Scope.Benchmark)
    public static class Store {
        @Param({"mmwal", "rocksdb", "lmdb", "h2"})
        public String system;

        OpsPeer peer;
        byte[] value;
        Path dir;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = BenchDirs.create("kvops-" + system);
            value = Payloads.random(OpsRows.VALUE_SIZE, 7);
            peer = OpsPeer.open(system, dir, value, OpsPeer.KEYS);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            peer.close();
            BenchDirs.delete(dir);
        }
    }

    /** A thread's random source. */
    @State(Scope.Thread)
    public static class Keys {
        SplittableRandom random;

        @Setup(Level.Trial)
        public void seed(final ThreadParams thread) {
            random = new SplittableRandom(31L * thread.getThreadIndex() + 1);
        }
    }

    @Benchmark
    public int get(final Store store, final Keys keys) {
        return store.peer.get(keys.random.nextInt(OpsPeer.KEYS));
    }

    @Benchmark
    public void put(final Store store, final Keys keys) {
        store.peer.put(keys.random.nextInt(OpsPeer.KEYS), store.value);
    }

    @Benchmark
    public int scan(final Store store, final Keys keys) {
        return store.peer.scan(keys.random.nextInt(OpsPeer.KEYS - OpsPeer.SCAN_ROWS));
    }
}

package dev.mmwal.bench.kv;

import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
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
 * The bank workload (10,000 accounts; a transfer = two exclusive row reads in account order, two
 * writes, a transfer row, a durable commit; overdrafts roll back): wal-kv against RocksDB
 * TransactionDB with {@code sync=true}, LMDB with its default (synced) commits and H2 MVStore's
 * TransactionStore with {@code MVStore.commit()} and {@code sync()} after each transfer. Threads with {@code -t} (1, 4, 16, 64). Throughput and
 * sample-time (commit p50/p99) modes. Allocation: add {@code -prof gc}.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.LMDB_NIO, JvmArgs.CHRONICLE_NIO,
    JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 1, time = 4)
public class BankBenchmark {
    /** One store per trial, in a fresh temporary directory. */
    @State(Scope.Benchmark)
    public static class Store {
        @Param({"mmwal", "rocksdb", "lmdb", "h2"})
        public String system;

        BankPeer peer;
        Path dir;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = BenchDirs.create("bank-" + system);
            peer = BankPeer.open(system, dir);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            peer.close();
            BenchDirs.delete(dir);
        }
    }

    /** A thread's random source and transfer ids. */
    @State(Scope.Thread)
    public static class Teller {
        SplittableRandom random;
        long next;

        @Setup(Level.Trial)
        public void assign(final ThreadParams thread) {
            random = new SplittableRandom(thread.getThreadIndex());
            next = (long)thread.getThreadIndex() << 40;
        }
    }

    @Benchmark
    public boolean transfer(final Store store, final Teller teller) {
        return store.peer.transfer(teller.random, teller.next++);
    }
}

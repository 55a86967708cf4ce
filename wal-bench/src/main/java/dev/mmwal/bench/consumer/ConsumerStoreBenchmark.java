package dev.mmwal.bench.consumer;

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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Durable, deduplicated persists over 1,000 clients: {@code wal-consumer} against the original
 * file-per-message design and RocksDB ({@link ConsumerPeer}). Each thread owns the clients
 * {@code c % threads == threadIndex} and persists the next id of a random one of them, so no
 * persist is a duplicate and every one ends in a sync (shared or not). 100-byte messages.
 * Threads with {@code -t} (1, 4, 16, 64). Throughput and sample-time (p50/p99) modes.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 1, time = 4)
public class ConsumerStoreBenchmark {
    static final int CLIENTS = 1_000;

    /** One store per trial, in a fresh temporary directory. */
    @State(Scope.Benchmark)
    public static class Store {
        @Param({"mmwal", "files", "rocksdb"})
        public String system;

        ConsumerPeer peer;
        Path dir;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("consumer-bench-");
            peer = switch (system) {
                case "mmwal" -> new MmwalConsumerPeer(dir);
                case "files" -> new FilePerMessagePeer(dir);
                case "rocksdb" -> new RocksConsumerPeer(dir);
                default -> throw new IllegalArgumentException("unknown system: system=" + system);
            };
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            peer.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The clients one thread owns and the next id of each. */
    @State(Scope.Thread)
    public static class Clients {
        final byte[] data = new byte[100];
        String[] ids;
        long[] next;

        @Setup(Level.Trial)
        public void assign(final BenchmarkParams benchmark, final ThreadParams thread) {
            final int threads = benchmark.getThreads();
            final int owned = (CLIENTS - thread.getThreadIndex() + threads - 1) / threads;
            ids = new String[owned];
            next = new long[owned];
            for (int i = 0; i < owned; i++) {
                ids[i] = "client-" + (thread.getThreadIndex() + i * threads);
            }
            ThreadLocalRandom.current().nextBytes(data);
        }
    }

    @Benchmark
    public boolean persist(final Store store, final Clients clients) {
        final int i = ThreadLocalRandom.current().nextInt(clients.ids.length);
        return store.peer.persist(clients.ids[i], clients.data, clients.next[i]++);
    }
}

package dev.mmwal.consumer.crash;

import dev.mmwal.consumer.ConsumerConfig;
import dev.mmwal.consumer.ConsumerStore;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link ConsumerCrashTest}: opens the store, then THREADS threads, each owning
 * the clients {@code c % THREADS == t}, persist ids in order per client until killed. Like a
 * producer after a crash, each client first re-sends a few ids at or below the store's max id
 * (each must come back DUPLICATE). Prints, flushed, {@code R} once open, {@code A client id} after a
 * persist returned (durable) and {@code X ...} on any contract breach.
 */
public final class ConsumerCrashChild {
    static final int THREADS = 4;
    static final int CLIENTS = 40;
    static final String SERVICE = "crash";

    private ConsumerCrashChild() {
    }

    static ConsumerConfig<byte[]> config(final Path dir) {
        return ConsumerConfig.builder(dir, SERVICE, new MomentsInterpreter())
            .maxDataBytes(1024)
            .maxStateBytes(1024)
            .checkpointBytes(48 << 10)                    // background checkpoints and truncation during the run
            .checkpointInterval(200, TimeUnit.MILLISECONDS)
            .retainedSegments(1)
            .wal(wal -> wal.segmentSize(64L << 10))
            .build();
    }

    static String clientId(final int client) {
        return "client-" + client;
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        // Lines go to a file, each written through at once: a SIGKILL keeps every complete line in
        // the page cache, where a pipe's unread bytes can be lost when the parent destroys the child.
        final PrintStream out = new PrintStream(new FileOutputStream(args[2], true), false, StandardCharsets.US_ASCII);
        final ConsumerStore<byte[]> store = ConsumerStore.open(config(dir));
        synchronized (out) {
            out.println("R");
            out.flush();
        }
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final int thread = t;
            threads.add(Thread.ofPlatform().start(() -> run(store, out, thread, new Random(seed + thread))));
        }
        for (final Thread thread : threads) {
            thread.join();
        }
    }

    private static void run(final ConsumerStore<byte[]> store, final PrintStream out, final int thread, final Random random) {
        final int owned = CLIENTS / THREADS;
        final long[] next = new long[owned];
        for (int i = 0; i < owned; i++) {
            final String client = clientId(i * THREADS + thread);
            final long max = store.maxMessageId(client);
            for (long id = Math.max(0, max - random.nextInt(3)); id <= max; id++) {
                if (store.persist(client, MomentsInterpreter.entry(id), id) != ConsumerStore.DUPLICATE) {
                    print(out, "X retried id applied twice: client=" + client + ", id=" + id + ", max=" + max);
                }
            }
            next[i] = max + 1;
        }
        while (true) {
            final int i = random.nextInt(owned);
            final String client = clientId(i * THREADS + thread);
            final long id = next[i];
            if (store.persist(client, MomentsInterpreter.entry(id), id) == ConsumerStore.DUPLICATE) {
                print(out, "X new id reported duplicate: client=" + client + ", id=" + id);
            } else {
                print(out, "A " + client + " " + id);
            }
            next[i] = id + 1;
        }
    }

    private static void print(final PrintStream out, final String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}

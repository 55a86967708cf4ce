package dev.mmwal.kv.bank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link BankChild} JVM on the store with this JVM's java and class path, lets it transfer
 * for a while, kills it with SIGKILL and returns what it acknowledged. A shutdown hook kills the
 * child should this JVM be stopped (SIGTERM, SIGINT) meanwhile, so no child outlives the demo.
 */
public final class BankCrash {
    private static final long READY_TIMEOUT_SECONDS = 60;

    /**
     * @param childPid     the killed JVM's pid.
     * @param exitCode     its exit status (137: SIGKILL).
     * @param loadNanos    how long it ran transfers before the kill.
     * @param acknowledged every transfer it acknowledged: {transferId, from, to, amount}.
     */
    public record Outcome(long childPid, int exitCode, long loadNanos, List<long[]> acknowledged) {
    }

    private BankCrash() {
    }

    /** Runs the child on {@code dir} for {@code loadSeconds}, then SIGKILL. */
    public static Outcome run(final Path dir, final int threads, final double loadSeconds, final int accounts, final long initialBalance,
                              final long seed) throws IOException, InterruptedException {
        final Path ackFile = Files.createTempFile(dir, "bank-acks-", ".txt");
        final Process child = start(dir, threads, loadSeconds, accounts, initialBalance, seed, ackFile);
        final Thread killer = new Thread(() -> {
            child.destroyForcibly();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(ackFile);
            } catch (final IOException | InterruptedException ex) {
                // shutting down: nothing more to do
            }
        }, "bank-child-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        final Ready ready = new Ready();
        final StringBuilder errors = new StringBuilder();
        final Thread stdout = Thread.ofPlatform().daemon().start(() -> ready.readAll(child.getInputStream()));
        final Thread stderr = Thread.ofPlatform().daemon().start(() -> drain(child.getErrorStream(), errors));
        final long loadNanos;
        try {
            awaitReady(child, ready, stderr, errors);
            final long started = System.nanoTime();
            Thread.sleep((long)(loadSeconds * 1000));
            for (int i = 0; i < 50 && Files.size(ackFile) == 0 && child.isAlive(); i++) {
                Thread.sleep(100); // a slow start: let it acknowledge something before the kill
            }
            child.destroyForcibly();
            loadNanos = System.nanoTime() - started;
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (final IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        stdout.join();
        stderr.join();
        final List<long[]> acknowledged = readAcks(ackFile);
        Files.delete(ackFile);
        return new Outcome(child.pid(), child.isAlive() ? -1 : child.exitValue(), loadNanos, acknowledged);
    }

    private static Process start(final Path dir, final int threads, final double loadSeconds, final int accounts, final long initialBalance,
                                 final long seed, final Path ackFile) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-XX:+UseSerialGC",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            BankChild.class.getName(),
            dir.toString(), Integer.toString(threads), Long.toString((long)Math.ceil(loadSeconds) + 60),
            Integer.toString(accounts), Long.toString(initialBalance), Long.toString(seed), ackFile.toString()));
        return new ProcessBuilder(command).start();
    }

    private static void awaitReady(final Process child, final Ready ready, final Thread stderr, final StringBuilder errors)
        throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (!ready.ready.await(100, TimeUnit.MILLISECONDS)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                stderr.join(5_000);
                final String detail;
                synchronized (errors) {
                    detail = errors.toString().strip().replace('\n', ' ');
                }
                throw new IllegalStateException("bank child did not open the store: alive=" + child.isAlive() + ", stderr="
                    + (detail.isEmpty() ? "(empty)" : detail));
            }
        }
    }

    private static void drain(final InputStream in, final StringBuilder sink) {
        try {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (sink) {
                sink.append(text, Math.max(0, text.length() - 4000), text.length());
            }
        } catch (final IOException ex) {
            // the child is gone; its stderr only matters when it failed to start
        }
    }

    /** Every complete {@code T id from to amount} line of the acknowledgement file; a last line the kill cut short does not count. */
    private static List<long[]> readAcks(final Path ackFile) throws IOException {
        final String text = Files.readString(ackFile, StandardCharsets.US_ASCII);
        final List<long[]> acks = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            final String[] fields = text.substring(start, end).split(" ");
            if (fields.length == 5 && fields[0].equals("T")) {
                acks.add(new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4])});
            }
        }
        return acks;
    }

    /** The child's stdout: READY once the store is open; read to the end so the pipe never fills. */
    static final class Ready {
        final CountDownLatch ready = new CountDownLatch(1);

        void readAll(final InputStream in) {
            final StringBuilder line = new StringBuilder(16);
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b != '\n') {
                        line.append((char)b);
                    } else if (line.toString().equals("READY")) {
                        ready.countDown();
                        line.setLength(0);
                    } else {
                        line.setLength(0);
                    }
                }
            } catch (final IOException ex) {
                // the kill closed the pipe: nothing more to read
            }
        }
    }
}

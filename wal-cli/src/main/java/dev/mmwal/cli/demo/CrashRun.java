package dev.mmwal.cli.demo;

import dev.mmwal.LogRecord;
import dev.mmwal.RecoveryReport;
import dev.mmwal.Wal;
import dev.mmwal.WalException;
import dev.mmwal.WalReader;
import dev.mmwal.cli.CliException;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.Units;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The crash half of the demo: starts a {@link CrashChild} JVM on the log, lets it commit under
 * load, kills it with SIGKILL ({@link Process#destroyForcibly()}), reopens the log (recovery), and
 * checks that every commit the child acknowledged is there, byte-exact.
 */
final class CrashRun {
    /** Child transaction ids start here, far from the embedded workload's. */
    static final long CHILD_TXN_BASE = 2_000_000_000L;
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final int MAX_REPORTED_FAILURES = 10;

    private final Path directory;
    private final int threads;
    private final double loadSeconds;
    private final long segmentSize;

    /**
     * @param childPid       the killed JVM's pid.
     * @param startLsn       where the log ended when the child opened it.
     * @param acknowledged   commits the child reported durable before it died.
     * @param loadNanos      how long it committed before the kill.
     * @param exitCode       its exit status (137 = SIGKILL).
     * @param reopenNanos    wall time of {@code Wal.open} after the crash: recovery included.
     * @param recovery       what recovery found and did.
     * @param verified       acknowledged commits found intact.
     * @param recordsChecked records compared byte for byte (BEGIN, UPDATEs, COMMIT).
     * @param failures       the first few commits that were missing or differed.
     */
    record Outcome(long childPid, long startLsn, long acknowledged, long loadNanos, int exitCode, long reopenNanos,
                   RecoveryReport recovery, long verified, long recordsChecked, List<String> failures) {
        long lost() {
            return acknowledged - verified;
        }
    }

    CrashRun(final Path directory, final int threads, final double loadSeconds, final long segmentSize) {
        this.directory = directory;
        this.threads = threads;
        this.loadSeconds = loadSeconds;
        this.segmentSize = segmentSize;
    }

    /** Runs the crash test; {@code notes} (null: silent) gets a line at each step. */
    Outcome run(final PrintWriter notes) throws IOException, InterruptedException {
        final Process child = start();
        final ChildOutput output = new ChildOutput();
        final StringBuilder errors = new StringBuilder();
        final Thread stdout = Thread.ofPlatform().daemon().start(() -> output.readAll(child.getInputStream()));
        final Thread stderr = Thread.ofPlatform().daemon().start(() -> drain(child.getErrorStream(), errors));
        final long loadNanos;
        try {
            awaitReady(child, output, stderr, errors);
            note(notes, "   child JVM pid " + child.pid() + " opened the log (it ends at lsn " + output.startLsn() + ") and commits...");
            final long started = System.nanoTime();
            Thread.sleep((long)(loadSeconds * 1000));
            for (int i = 0; i < 50 && output.acknowledged() == 0 && child.isAlive(); i++) {
                Thread.sleep(100); // a slow start: let it acknowledge something before the kill
            }
            child.destroyForcibly();
            loadNanos = System.nanoTime() - started;
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        stdout.join();
        stderr.join();
        note(notes, String.format(Locale.ROOT, "   SIGKILL after %.1f s, with %s commits acknowledged; reopening the log and reading each one back...",
            loadNanos / 1e9, Units.count(output.acknowledged())));
        return verify(child, output, loadNanos);
    }

    private static void note(final PrintWriter notes, final String line) {
        if (notes != null) {
            notes.println(line);
            notes.flush();
        }
    }

    private Process start() throws IOException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:+UseSerialGC",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(),
            directory.toString(), Integer.toString(threads), Long.toString((long)Math.ceil(loadSeconds) + 60),
            Long.toString(CHILD_TXN_BASE), Long.toString(segmentSize)));
        return new ProcessBuilder(command).start();
    }

    private static void awaitReady(final Process child, final ChildOutput output, final Thread stderr, final StringBuilder errors)
        throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (!output.awaitReady(100, TimeUnit.MILLISECONDS)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                stderr.join(5_000);
                final String detail;
                synchronized (errors) {
                    detail = errors.toString().strip().replace('\n', ' ');
                }
                throw new CliException(ExitCodes.SOFTWARE, "crash child did not open the log: alive=" + child.isAlive()
                    + ", stderr=" + (detail.isEmpty() ? "(empty)" : detail));
            }
        }
    }

    private Outcome verify(final Process child, final ChildOutput output, final long loadNanos) {
        final long started = System.nanoTime();
        try (Wal wal = Wal.open(DemoLog.config(directory, segmentSize))) {
            final long reopenNanos = System.nanoTime() - started;
            final WalReader reader = wal.reader(wal.firstLsn());
            final LogRecord record = new LogRecord();
            final List<String> failures = new ArrayList<>();
            long verified = 0;
            long records = 0;
            final int acknowledged = output.acknowledged();
            for (int i = 0; i < acknowledged; i++) {
                final Transaction txn = new Transaction(output.txnId(i));
                String problem;
                try {
                    problem = txn.verify(reader, record, output.lsn(i));
                } catch (final WalException ex) {
                    problem = ex.getMessage();
                }
                if (problem == null) {
                    verified++;
                    records += txn.records();
                } else if (failures.size() < MAX_REPORTED_FAILURES) {
                    failures.add(problem);
                }
            }
            return new Outcome(child.pid(), output.startLsn(), acknowledged, loadNanos, child.isAlive() ? -1 : child.exitValue(), reopenNanos,
                wal.recoveryReport(), verified, records, failures);
        }
    }

    private static void drain(final InputStream in, final StringBuilder sink) {
        try {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (sink) {
                sink.append(text, Math.max(0, text.length() - 2000), text.length());
            }
        } catch (final IOException ex) {
            // the child is gone; its stderr only matters when it failed to start
        }
    }
}

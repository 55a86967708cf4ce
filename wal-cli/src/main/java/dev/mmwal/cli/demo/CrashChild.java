package dev.mmwal.cli.demo;

import dev.mmwal.Wal;
import org.HdrHistogram.Recorder;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The JVM {@code mmwal demo} kills: opens the log, prints {@code READY <endLsn>}, then commits
 * transactions from several threads and prints {@code C <commitLsn> <txnId>} for each one only
 * after it is durable. Its parent kills it with SIGKILL and checks that every printed commit
 * survived. Exits by itself after {@code maxSeconds} should the parent never kill it.
 *
 * <p>Arguments: {@code DIR THREADS MAX_SECONDS TXN_BASE SEGMENT_SIZE}.
 */
public final class CrashChild {
    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private CrashChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path directory = Path.of(args[0]);
        final int threads = Integer.parseInt(args[1]);
        final long maxNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        final long txnBase = Long.parseLong(args[3]);
        final long segmentSize = Long.parseLong(args[4]);
        final PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
            StandardCharsets.US_ASCII);
        try (Wal wal = Wal.open(DemoLog.config(directory, segmentSize))) {
            out.println("READY " + wal.recoveryReport().endLsn());
            out.flush();
            // acknowledgements are printed after the commit is durable; a line cut short by the kill is ignored by the parent
            final Committers committers = new Committers(wal, txnBase, new Recorder(3), (lsn, txnId) -> out.println("C " + lsn + " " + txnId));
            committers.start(threads);
            final long deadline = System.nanoTime() + maxNanos;
            while (System.nanoTime() < deadline) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(FLUSH_NANOS));
                out.flush();
            }
            committers.stop();
        }
        out.flush();
    }
}

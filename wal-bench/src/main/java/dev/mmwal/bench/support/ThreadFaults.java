package dev.mmwal.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling thread's own page faults, read from {@code /proc/thread-self/stat} (Linux): minor
 * faults (a page already in memory mapped in, a write-protect fault on a clean page) and major
 * faults (read from disk). JMH's {@code -prof gc} and {@code perf stat} count the whole process; the
 * appender's latency is made by the faults on the appending thread alone, which this isolates.
 * Reading the file allocates: call it outside the measured loop (iteration setup and teardown).
 */
public final class ThreadFaults {
    private static final Path STAT = Path.of("/proc/thread-self/stat");
    /** Fields after the command's closing parenthesis: state is field 3, minflt 10, majflt 12 (proc(5)). */
    private static final int MINFLT_AFTER_COMM = 10 - 3;
    private static final int MAJFLT_AFTER_COMM = 12 - 3;

    private ThreadFaults() {
    }

    /** {@return minor + major faults taken by the calling thread so far, or -1 where /proc cannot tell} */
    public static long current() {
        try {
            final String stat = Files.readString(STAT);
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[MINFLT_AFTER_COMM]) + Long.parseLong(fields[MAJFLT_AFTER_COMM]);
        } catch (final IOException | RuntimeException ex) {
            return -1;
        }
    }
}

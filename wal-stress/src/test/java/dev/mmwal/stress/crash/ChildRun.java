package dev.mmwal.stress.crash;

import dev.mmwal.stress.oracle.LogCheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM running {@link CrashChild}, started with the same java and class path as this
 * JVM, and killed with SIGKILL ({@link Process#destroyForcibly()}). Collects the child's lines as
 * they arrive, each with the time it was read; only complete lines count (a line cut by the kill
 * was never fully printed, so it acknowledges nothing).
 */
public final class ChildRun implements AutoCloseable {
    /** A line from the child and when the parent read it. */
    public record Line(long nanos, String text) {
        /** An {@code A <lsn> <key> <length>} line: awaitDurable returned for that record. */
        public boolean isAck() {
            return text.startsWith("A ");
        }

        public LogCheck.Ack ack() {
            final String[] f = text.split(" ");
            return new LogCheck.Ack(Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]));
        }
    }

    private static final String[] JVM_FLAGS = {
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
    };

    private final Process process;
    private final LinkedBlockingQueue<Line> arrivals = new LinkedBlockingQueue<>();
    private final List<Line> lines = new ArrayList<>();
    private final Thread pump;
    private long killedAtNanos;

    private ChildRun(final Process process) {
        this.process = process;
        this.pump = new Thread(this::pump, "child-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    public static ChildRun start(final Path stderr, final String... args) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(JVM_FLAGS));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashChild.class.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        return new ChildRun(builder.start());
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                arrivals.add(new Line(System.nanoTime(), text));
            }
        } catch (final IOException ignored) {
            // the child died mid-line: the partial line is dropped
        }
    }

    /** Waits up to {@code timeoutNanos} for a line starting with {@code prefix}; null when none came. */
    public Line awaitLine(final String prefix, final long timeoutNanos) throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            final long left = deadline - System.nanoTime();
            final Line line = left <= 0 ? arrivals.poll() : arrivals.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            lines.add(line);
            if (line.text.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** SIGKILL, then wait for the exit and for every complete line the child printed. */
    public void kill() throws InterruptedException {
        killedAtNanos = System.nanoTime();
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("child did not die after SIGKILL: pid=" + process.pid());
        }
        pump.join(TimeUnit.SECONDS.toMillis(60));
        arrivals.drainTo(lines);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    long killedAtNanos() {
        return killedAtNanos;
    }

    public List<Line> lines() {
        return lines;
    }

    /** The child's {@code R} line: its recovered end, or -1 when it was killed before opening. */
    public long recoveredEnd() {
        for (final Line line : lines) {
            if (line.text.startsWith("R ")) {
                return Long.parseLong(line.text.split(" ")[1]);
            }
        }
        return -1;
    }

    /** The child's {@code R} line: the tail it recovered to, or -1 when it was killed before opening. */
    long recoveredTail() {
        for (final Line line : lines) {
            if (line.text.startsWith("R ")) {
                return Long.parseLong(line.text.split(" ")[2]);
            }
        }
        return -1;
    }

    public List<LogCheck.Ack> acks() {
        final List<LogCheck.Ack> acks = new ArrayList<>();
        for (final Line line : lines) {
            if (line.isAck()) {
                acks.add(line.ack());
            }
        }
        return acks;
    }

    /** Lines reporting a problem seen inside the child: a bad record (E) or an unexpected exception (X). */
    public List<String> problems() {
        return problemLines().stream().map(Line::text).toList();
    }

    /** {@link #problems()} with the time the parent read each. */
    public List<Line> problemLines() {
        final List<Line> problems = new ArrayList<>();
        for (final Line line : lines) {
            if (line.text.startsWith("E ") || line.text.startsWith("X ")) {
                problems.add(line);
            }
        }
        return problems;
    }

    boolean reached(final KillPoint point) {
        for (final Line line : lines) {
            if (line.text.equals("K " + point)) {
                return true;
            }
        }
        return false;
    }

    /** Kills the child if it still runs (a failed test must not leave it behind). */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}

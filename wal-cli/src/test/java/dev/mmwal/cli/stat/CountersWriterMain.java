package dev.mmwal.cli.stat;

import dev.mmwal.Wal;
import dev.mmwal.cli.TestLogs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Child JVM for {@link StatCommandTest}: opens the log in {@code args[0]}, prints {@code ready},
 * appends and commits small records until its stdin reaches end of file, then closes the log and
 * prints {@code closed}.
 */
public final class CountersWriterMain {
    private CountersWriterMain() {
    }

    public static void main(final String[] args) throws IOException, InterruptedException {
        try (Wal wal = Wal.open(TestLogs.config(Path.of(args[0])))) {
            final Thread stopper = Thread.ofPlatform().daemon().start(() -> drain());
            System.out.println("ready");
            System.out.flush();
            final byte[] payload = new byte[64];
            while (stopper.isAlive()) {
                wal.appendAndCommit(payload);
                Thread.sleep(1);
            }
        }
        System.out.println("closed");
        System.out.flush();
    }

    private static void drain() {
        try {
            while (System.in.read() >= 0) {
                // wait for end of file: the parent closed our stdin
            }
        } catch (final IOException ignored) {
            // treated as end of file
        }
    }
}

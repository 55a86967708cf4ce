package dev.mmwal;

import dev.mmwal.testing.Payloads;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child JVM for {@link CrashTest}: commits from several threads and prints {@code A lsn key length}
 * after each {@code awaitDurable} returns, so the parent knows exactly what was acknowledged
 * before it kills this process.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final int threads = Integer.parseInt(args[1]);
        final long keyBase = Long.parseLong(args[2]);
        final long segmentSize = Long.parseLong(args[3]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        final WritePath path = args.length > 4 ? WritePath.valueOf(args[4]) : WritePath.MAPPED;
        final Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(segmentSize).writePath(path).build());
        synchronized (out) {
            out.println("R " + wal.recoveryReport().endLsn());
            out.flush();
        }
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    final long key = keyBase + ((long)thread << 24) + i;
                    final int length = (int)(key % 7) * 300 + 16;
                    final long lsn = wal.appendAndCommit(Payloads.bytes(key, length));
                    synchronized (out) {
                        out.println("A " + lsn + " " + key + " " + length);
                        out.flush();
                    }
                }
            });
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}

package dev.mmwal;

import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.Payloads;

import java.nio.file.Path;

/**
 * Child JVM of {@link NativeAccessTest}: opens a log, appends across several segments (so the
 * preparer allocates new ones), commits, closes, reopens and counts; prints
 * {@code nativeAccess=<bool> records=<n>} and exits 0, or dies with the exception.
 */
public final class NativeAccessChild {
    private NativeAccessChild() {
    }

    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final int records = 300;
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64 << 10).build())) {
            for (int i = 0; i < records; i++) {
                wal.appendAndCommit(Payloads.bytes(i, 1000));
            }
        }
        int count = 0;
        try (Wal wal = Wal.open(WalConfig.builder(dir).build())) {
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            while (reader.next(record)) {
                count++;
            }
        }
        System.out.println("nativeAccess=" + PosixFileOps.nativeAccess() + " records=" + count);
    }
}

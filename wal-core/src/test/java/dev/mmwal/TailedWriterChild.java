package dev.mmwal;

import dev.mmwal.testing.Payloads;

import java.nio.file.Path;

/** Child JVM for {@link TailerTest}: opens a log, says OPEN, appends slowly enough to be tailed live, says DONE. */
public final class TailedWriterChild {
    private TailedWriterChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final long segmentSize = Long.parseLong(args[1]);
        final int count = Integer.parseInt(args[2]);
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(segmentSize).build())) {
            wal.append(Payloads.bytes(0, 64));
            wal.flush();
            System.out.println("OPEN");
            System.out.flush();
            for (int i = 1; i < count; i++) {
                wal.append(Payloads.bytes(i, 64 + i % 200));
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            wal.flush();
            System.out.println("DONE");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}

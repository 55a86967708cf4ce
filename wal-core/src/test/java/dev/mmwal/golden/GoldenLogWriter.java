package dev.mmwal.golden;

import dev.mmwal.AppendClaim;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes the golden log of the running format version: {@code GoldenLogWriter DIR TYPE}, where
 * TYPE is the code of the header-rich record (3 under format 2; a transactions-range code under
 * format 3). Deterministic content; only the segment headers' creation times differ between runs.
 */
public final class GoldenLogWriter {
    private GoldenLogWriter() {
    }

    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final byte richType = Byte.parseByte(args[1]);
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64 << 10).build())) {
            for (int i = 0; i < 40; i++) {
                wal.append(payload(i, 37 * i % 3000));
            }
            final byte[] update = payload(1000, 40);
            wal.append(richType, 77, 128, 9, (byte)3, 513, 8, MemorySegment.ofArray(update), 0, update.length);
            final AppendClaim claim = new AppendClaim();
            while (wal.tryClaim(100, claim) < 0) {
                Thread.onSpinWait();
            }
            claim.abort();
            for (int i = 40; i < 60; i++) {
                wal.append(payload(i, 37 * i % 3000));
            }
            wal.flush();
        }
    }

    /** {@code "golden i "} repeated to {@code length} bytes. */
    public static byte[] payload(final int i, final int length) {
        final byte[] unit = ("golden " + i + " ").getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[length];
        for (int k = 0; k < length; k++) {
            out[k] = unit[k % unit.length];
        }
        return out;
    }
}

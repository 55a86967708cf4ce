package dev.mmwal.probe;

import dev.mmwal.AppendClaim;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A quick, opt-in look at single-thread append cost with and without pretouching (wal-bench has
 * the real JMH benchmarks):
 * {@code ./mvnw25 -B -q -pl wal-core test -Dtest=AppendRateProbe -Dmmwal.probe=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mmwal.probe", matches = "true")
class AppendRateProbe {
    @TempDir
    Path dir;

    @Test
    void probe() {
        final StringBuilder out = new StringBuilder("| payload | pretouch | appends/s | p50 ns | p99 ns | p99.9 ns | max ns |\n|---|---|---|---|---|---|---|\n");
        int run = 0;
        for (final int payload : new int[] {64, 1024}) {
            for (final long pretouch : new long[] {0, 4L << 20}) {
                final WalConfig config = WalConfig.builder(dir.resolve("r" + run++)).segmentSize(256L << 20).segmentsAhead(2)
                    .maxUnsyncedNanos(0).pretouchBytes(pretouch).build();
                try (Wal wal = Wal.open(config)) {
                    final AppendClaim claim = new AppendClaim();
                    final int n = 1_000_000;
                    final long[] latencies = new long[n];
                    for (int i = 0; i < 200_000; i++) {
                        append(wal, claim, payload, i);
                    }
                    final long start = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        final long t0 = System.nanoTime();
                        append(wal, claim, payload, i);
                        latencies[i] = System.nanoTime() - t0;
                    }
                    final long elapsed = System.nanoTime() - start;
                    Arrays.sort(latencies);
                    out.append(String.format("| %d | %d KiB | %.2f M | %d | %d | %d | %d |%n", payload, pretouch >> 10, n * 1e3 / elapsed,
                        latencies[n / 2], latencies[(int)(n * 0.99)], latencies[(int)(n * 0.999)], latencies[n - 1]));
                }
            }
        }
        System.out.println(out);
        try {
            java.nio.file.Files.writeString(Path.of("target", "append-rate.md"), out);
        } catch (final java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static void append(final Wal wal, final AppendClaim claim, final int payload, final int i) {
        long lsn;
        while ((lsn = wal.tryClaim(payload, claim)) == Wal.BACK_PRESSURED) {
            Thread.onSpinWait();
        }
        if (lsn < 0) {
            throw new IllegalStateException("claim failed: status=" + lsn);
        }
        claim.buffer().set(ValueLayout.JAVA_LONG_UNALIGNED, claim.payloadOffset(), i);
        claim.commit();
    }
}

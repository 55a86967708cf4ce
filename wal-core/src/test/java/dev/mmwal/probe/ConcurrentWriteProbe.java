package dev.mmwal.probe;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WritePath;
import dev.mmwal.io.FileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes sent to storage per durable commit when many threads commit at once: the figure behind
 * "1 KiB mapped commits write ~100 KiB each" in docs/benchmarks.md. Each configuration runs
 * {@code threads} committers of {@code payload}-byte records for {@code seconds}, and reports
 * commits/s, commits per sync, this process's {@code write_bytes} per commit (what it dirtied,
 * folio by folio) and the block device's sectors written per commit (machine-wide: other
 * processes' writes are in it). Opt-in, not a test:
 * {@code ./mvnw25 -B -q -pl wal-core test -Dtest=ConcurrentWriteProbe -Dmmwal.probe=true -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dmmwal.probe.threads=16 -Dmmwal.probe.payload=1024 -Dmmwal.probe.seconds=5 -Dmmwal.probe.device=vda})
 * writes {@code wal-core/target/concurrent-write.md}.
 */
@EnabledIfSystemProperty(named = "mmwal.probe", matches = "true")
class ConcurrentWriteProbe {
    private static final int THREADS = Integer.getInteger("mmwal.probe.threads", 16);
    private static final int PAYLOAD = Integer.getInteger("mmwal.probe.payload", 1024);
    private static final int SECONDS = Integer.getInteger("mmwal.probe.seconds", 5);
    private static final String DEVICE = System.getProperty("mmwal.probe.device", "vda");

    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        final StringBuilder out = new StringBuilder(String.format("%d threads, %d B payloads, %d s each%n%n", THREADS, PAYLOAD, SECONDS));
        out.append("| configuration | commits/s | commits/sync | process KiB/commit | device KiB/commit |\n|---|---|---|---|---|\n");
        run(out, "mapped, msync, pretouch 4 MiB", WalConfig.builder(dir.resolve("a")));
        final WalConfig.Builder reopened = WalConfig.builder(dir.resolve("r"));
        try (Wal wal = Wal.open(reopened.build())) {
            wal.appendAndCommit(new byte[PAYLOAD]);
        }
        run(out, "same, in a reopened log (recovery prefetched the tail segment)", reopened);
        run(out, "mapped, msync, no pretouch", WalConfig.builder(dir.resolve("b")).pretouchBytes(0));
        run(out, "mapped, msync, no prefault, no pretouch", WalConfig.builder(dir.resolve("c")).pretouchBytes(0).prefault(FileOps.Prefault.NONE));
        run(out, "staged (pwrite + fdatasync)", WalConfig.builder(dir.resolve("d")).writePath(WritePath.STAGED));
        Files.writeString(Path.of("target", "concurrent-write.md"), out);
        System.out.println(out);
    }

    private static void run(final StringBuilder out, final String name, final WalConfig.Builder builder) throws Exception {
        try (Wal wal = Wal.open(builder.build())) {
            final byte[] payload = new byte[PAYLOAD];
            final AtomicBoolean stop = new AtomicBoolean();
            final LongAdder commits = new LongAdder();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        wal.appendAndCommit(payload);
                        commits.increment();
                    }
                }));
            }
            Thread.sleep(1_000);
            final long commitsBefore = commits.sum();
            final long syncsBefore = wal.metrics().syncs();
            final long processBefore = SyncCostProbe.sectorsWritten(Path.of("/proc/self/io"));
            final long deviceBefore = deviceSectors();
            Thread.sleep(SECONDS * 1_000L);
            final long n = commits.sum() - commitsBefore;
            final long syncs = wal.metrics().syncs() - syncsBefore;
            final long process = SyncCostProbe.sectorsWritten(Path.of("/proc/self/io")) - processBefore;
            final long device = deviceSectors() - deviceBefore;
            stop.set(true);
            for (final Thread thread : threads) {
                thread.join();
            }
            out.append(String.format("| %s | %.0f | %.1f | %.1f | %.1f |%n", name, n / (double)SECONDS, n / (double)Math.max(1, syncs),
                process * 0.5 / n, device * 0.5 / n));
        }
    }

    private static long deviceSectors() throws IOException {
        final String[] fields = Files.readString(Path.of("/sys/block", DEVICE, "stat")).trim().split("\\s+");
        return Long.parseLong(fields[6]);
    }
}

package dev.mmwal.probe;

import dev.mmwal.SyncMethod;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.commit.GreedyPolicy;
import dev.mmwal.io.FileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The measurement behind the segment-preparation and sync-method choices in docs/design.md: one
 * thread commits 128-byte records one at a time under each configuration, and the probe reports
 * commit latency and the bytes this process sent to storage per commit ({@code write_bytes} of
 * /proc/self/io: the kernel charges a dirtied page cache folio, whole, to the task that dirtied
 * it, so this shows the large-folio effect of docs/design.md without counting other processes' I/O).
 * Opt-in, not a test:
 * {@code ./mvnw25 -B -q -pl wal-core test -Dtest=SyncCostProbe -Dmmwal.probe=true -Dsurefire.failIfNoSpecifiedTests=false}
 * writes {@code wal-core/target/sync-cost.md}.
 */
@EnabledIfSystemProperty(named = "mmwal.probe", matches = "true")
class SyncCostProbe {
    private static final int WARMUP = 300;
    private static final int COMMITS = Integer.getInteger("mmwal.probe.commits", 2_000);
    private static final boolean ONLY_MAPPED_MSYNC = Boolean.getBoolean("mmwal.probe.msyncOnly");

    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        final Path stat = Path.of("/proc/self/io");
        final StringBuilder out = new StringBuilder();
        out.append("| segment preparation | prefault | sync | p50 us | p99 us | KiB written per commit |\n|---|---|---|---|---|---|\n");
        int run = 0;
        for (final FileOps.Preallocation prealloc : FileOps.Preallocation.values()) {
            for (final FileOps.Prefault prefault : FileOps.Prefault.values()) {
                for (final SyncMethod sync : SyncMethod.values()) {
                    if (prefault == FileOps.Prefault.WRITE && sync != SyncMethod.MSYNC
                        || ONLY_MAPPED_MSYNC && (sync != SyncMethod.MSYNC || prealloc != FileOps.Preallocation.FALLOCATE)) {
                        continue;
                    }
                    final Path logDir = dir.resolve("run" + run++);
                    final WalConfig config = WalConfig.builder(logDir).segmentSize(64L << 20).preallocation(prealloc)
                        .prefault(prefault).syncMethod(sync).groupCommitPolicy(() -> GreedyPolicy.INSTANCE).build();
                    final long[] latencies = new long[COMMITS];
                    final long sectors = measure(config, latencies, stat);
                    row(out, prealloc.name(), prefault.name(), sync.name(), latencies, sectors);
                }
            }
        }
        for (final FileOps.Preallocation prealloc : FileOps.Preallocation.values()) {
            final WalConfig config = WalConfig.builder(dir.resolve("staged" + prealloc)).segmentSize(64L << 20).preallocation(prealloc)
                .writePath(dev.mmwal.WritePath.STAGED).groupCommitPolicy(() -> GreedyPolicy.INSTANCE).build();
            final long[] latencies = new long[COMMITS];
            final long sectors = measure(config, latencies, stat);
            row(out, prealloc.name() + ", STAGED write path", "READ", "pwrite + FDATASYNC", latencies, sectors);
        }
        out.append(pwriteBaseline(dir.resolve("pwrite.dat"), stat));
        final Path report = Path.of("target", "sync-cost.md");
        Files.writeString(report, out);
        System.out.println(out);
    }

    /** Commits 128-byte records one at a time; fills {@code latencies}; returns the 512-byte sectors written meanwhile. */
    private static long measure(final WalConfig config, final long[] latencies, final Path stat) throws IOException {
        try (Wal wal = Wal.open(config)) {
            final byte[] payload = new byte[Integer.getInteger("mmwal.probe.payload", 128 - 48)];
            for (int i = 0; i < WARMUP; i++) {
                wal.appendAndCommit(payload);
            }
            final long before = sectorsWritten(stat);
            for (int i = 0; i < latencies.length; i++) {
                final long start = System.nanoTime();
                wal.appendAndCommit(payload);
                latencies[i] = System.nanoTime() - start;
            }
            return sectorsWritten(stat) - before;
        }
    }

    private static String pwriteBaseline(final Path file, final Path stat) throws IOException {
        final long size = 64L << 20;
        dev.mmwal.io.PosixFileOps.INSTANCE.allocate(file, size, FileOps.Preallocation.FALLOCATE);
        final long[] latencies = new long[COMMITS];
        final long sectors;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            final ByteBuffer record = ByteBuffer.allocateDirect(128);
            long position = 0;
            for (int i = 0; i < WARMUP; i++, position += 128) {
                channel.write(record.clear(), position);
                channel.force(false);
            }
            final long before = sectorsWritten(stat);
            for (int i = 0; i < COMMITS; i++, position += 128) {
                final long start = System.nanoTime();
                channel.write(record.clear(), position);
                channel.force(false);
                latencies[i] = System.nanoTime() - start;
            }
            sectors = sectorsWritten(stat) - before;
        }
        final StringBuilder out = new StringBuilder();
        row(out, "reference: pwrite + fdatasync, no mapping", "-", "FDATASYNC", latencies, sectors);
        return out.toString();
    }

    private static void row(final StringBuilder out, final String prep, final String prefault, final String sync, final long[] latencies, final long sectors) {
        Arrays.sort(latencies);
        out.append(String.format("| %s | %s | %s | %.0f | %.0f | %.1f |%n", prep, prefault, sync,
            latencies[latencies.length / 2] / 1e3, latencies[(int)(latencies.length * 0.99)] / 1e3, sectors * 512.0 / 1024 / latencies.length));
    }

    static long sectorsWritten(final Path io) throws IOException {
        for (final String line : Files.readAllLines(io)) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim()) / 512;
            }
        }
        throw new IOException("no write_bytes in " + io);
    }
}

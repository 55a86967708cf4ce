package dev.mmwal.stress.powercut;

import dev.mmwal.stress.oracle.StressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Calibration, no mmwal: what does the kernel itself keep of what a successful sync returned for,
 * when the cut lands while syncs run? One thread appends 4 KiB chunks (one block each, so every
 * sync has a new block to write) and syncs after each ({@code pwrite} + {@code fdatasync}, or a
 * mapped store + {@code msync} of its page), noting when each sync returned; the file system is
 * cut at a random moment, remounted, and every chunk whose sync succeeded is read back. Run on a
 * file whose blocks are fallocated (unwritten extents: each sync must also commit their
 * conversion to written, as for mmwal's preallocated segments) and on one written out with zeros
 * first (extents already written: a sync is pure data writeback).
 *
 * <p>Held: no chunk whose sync returned before the ioctl began is lost (else the cut is no model
 * of a power cut and {@link KernelPowerCutTest} proves nothing), and on written blocks none at
 * all. Reported: chunks lost on fallocated blocks whose sync returned after the ioctl began. On
 * kernel 6.18 there are some: the sync in flight when the cut lands can return success although
 * the extent conversion it needed was never committed (its data then reads back as zeros).
 * Rounds: {@code min(-Dstress.powercut.iterations, 25)} per sync method and block state.
 */
@EnabledIfSystemProperty(named = "stress.powercut.iterations", matches = "0*[1-9][0-9]*",
    disabledReason = "opt-in: needs root and loop devices; run with -Dstress.powercut.iterations=N (docs/reliability.md)")
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class Ext4SyncCalibrationTest {
    private static final int CHUNK = 4096;
    private static final long FILE_SIZE = 32L << 20;

    enum Sync { FDATASYNC, MSYNC }

    enum Blocks { FALLOCATED, WRITTEN }

    /** One round's outcome; times in ms from the ioctl's start. */
    record Round(int synced, int lost, double earliestLostSync, double ioctlMillis, double firstFailedSync) {
    }

    @Test
    void shouldKeepEverySyncThatReturnedBeforeTheCut() throws Exception {
        final long seed = StressSettings.seed("Ext4SyncCalibrationTest");
        final Random random = new Random(seed);
        final int rounds = Math.min(StressSettings.intProperty("stress.powercut.iterations", 0), 25);
        final Ext4Shutdown kernel = Ext4Shutdown.kernel();
        try (LoopExt4 loop = LoopExt4.create(256L << 20)) {
            for (final Sync sync : Sync.values()) {
                for (final Blocks blocks : Blocks.values()) {
                    long synced = 0;
                    long lost = 0;
                    final List<String> losses = new ArrayList<>();
                    for (int round = 1; round <= rounds; round++) {
                        final Path file = loop.mountPoint().resolve(sync + "-" + blocks + "-" + round);
                        final Round outcome = round(loop, kernel, file, sync, blocks, round, 50 + random.nextInt(500));
                        synced += outcome.synced();
                        lost += outcome.lost();
                        if (outcome.lost() > 0) {
                            losses.add(String.format("round %d: %d lost, earliest synced at %+.3f ms (the ioctl took %.3f ms, the first failed"
                                + " sync returned at %+.3f ms)", round, outcome.lost(), outcome.earliestLostSync(), outcome.ioctlMillis(),
                                outcome.firstFailedSync()));
                        }
                        if (outcome.lost() > 0 && (blocks == Blocks.WRITTEN || outcome.earliestLostSync() < 0)) {
                            throw new AssertionError("the kernel lost a chunk whose sync succeeded: seed=" + seed + ", sync=" + sync
                                + ", blocks=" + blocks + ", " + losses.getLast());
                        }
                        Files.delete(file);
                    }
                    StressSettings.report("ext4-sync-calibration", "seed=" + seed + " sync=" + sync + " blocks=" + blocks + " rounds="
                        + rounds + " syncedChunks=" + synced + " lostSyncedChunks=" + lost + " lostBeforeTheCut=0"
                        + (losses.isEmpty() ? "" : " " + losses));
                }
            }
            loop.unmountAndCheck();
        }
    }

    private static Round round(final LoopExt4 loop, final Ext4Shutdown kernel, final Path file, final Sync sync, final Blocks blocks,
                               final int round, final int delayMillis) throws Exception {
        prepare(file, blocks);
        final long[] ackedAt = new long[(int)(FILE_SIZE / CHUNK)];
        final int[] synced = new int[1];
        final long[] failedAt = {-1};
        final Thread writer = new Thread(() -> {
            // a confined arena unmaps at once on close: a mapping left for the GC would keep the umount busy
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 Arena arena = Arena.ofConfined()) {
                final MemorySegment map = sync == Sync.MSYNC ? channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_SIZE, arena) : null;
                final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
                for (int k = 0; k < ackedAt.length; k++) {
                    fill(chunk, round, k);
                    if (map == null) {
                        channel.write(chunk, (long)k * CHUNK);
                        channel.force(false);
                    } else {
                        final MemorySegment slice = map.asSlice((long)k * CHUNK, CHUNK);
                        slice.copyFrom(MemorySegment.ofBuffer(chunk));
                        slice.force();
                    }
                    ackedAt[k] = System.nanoTime();
                    synced[0] = k + 1;
                }
            } catch (final IOException | RuntimeException | Error ex) {
                // the cut: the first failed sync (or write, or fault) ends the round
                failedAt[0] = System.nanoTime();
            }
        }, "calibration-writer");
        writer.start();
        Thread.sleep(delayMillis);
        final long cut = System.nanoTime();
        kernel.shutdownWithoutLogFlush(loop.target());
        final long cutEnd = System.nanoTime();
        writer.join(TimeUnit.SECONDS.toMillis(60));
        if (writer.isAlive()) {
            throw new AssertionError("the calibration writer is still running after the cut: file=" + file);
        }
        loop.remount();
        int lost = 0;
        double earliestLost = Double.NaN;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer expected = ByteBuffer.allocate(CHUNK);
            final ByteBuffer found = ByteBuffer.allocate(CHUNK);
            for (int k = 0; k < synced[0]; k++) {
                fill(expected, round, k);
                found.clear();
                channel.read(found, (long)k * CHUNK);
                found.flip();
                if (!found.equals(expected) && lost++ == 0) {
                    earliestLost = (ackedAt[k] - cut) / 1e6;
                }
            }
        }
        return new Round(synced[0], lost, earliestLost, (cutEnd - cut) / 1e6, failedAt[0] < 0 ? Double.NaN : (failedAt[0] - cut) / 1e6);
    }

    private static void prepare(final Path file, final Blocks blocks) throws IOException {
        if (blocks == Blocks.FALLOCATED) {
            LoopExt4.run("fallocate", "-l", Long.toString(FILE_SIZE), file.toString());
        } else {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long at = 0; at < FILE_SIZE; at += zeros.capacity()) {
                    zeros.clear();
                    channel.write(zeros, at);
                }
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void fill(final ByteBuffer chunk, final int round, final int k) {
        chunk.clear();
        final long tag = (long)round << 32 | k;
        while (chunk.hasRemaining()) {
            chunk.putLong(tag ^ chunk.position() * 0x9E3779B97F4A7C15L);
        }
        chunk.flip();
    }
}

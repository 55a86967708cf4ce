package dev.mmwal.probe;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What preparing a segment costs, new (create + fallocate) against recycled (rename + fallocate
 * ZERO_RANGE of a spent, written file), with the prefault the log uses; then one 4 KiB store and
 * msync into each, since a recycled file's blocks were written before. Opt-in:
 * {@code ./mvnw25 -B -q -pl wal-core test -Dtest=RollCostProbe -Dmmwal.probe=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mmwal.probe", matches = "true")
class RollCostProbe {
    private static final long SIZE = 64L << 20;
    private static final int ROUNDS = 12;

    @TempDir
    Path dir;

    @Test
    void measure() throws IOException {
        final FileOps ops = PosixFileOps.INSTANCE;
        final long[] created = new long[ROUNDS];
        final long[] recycled = new long[ROUNDS];
        final long[] syncNew = new long[ROUNDS];
        final long[] syncRecycled = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            final long base = 2L * i * SIZE;
            long start = System.nanoTime();
            final Segment fresh = Segment.create(ops, dir, base, SIZE, FileOps.Preallocation.FALLOCATE, FileOps.Prefault.READ);
            created[i] = System.nanoTime() - start;
            syncNew[i] = storeAndSync(ops, fresh);
            fillAndClose(ops, fresh);
            final Path spare = dir.resolve(SegmentDescriptor.fileName(base) + ".spare");
            ops.rename(dir.resolve(SegmentDescriptor.fileName(base)), spare);
            start = System.nanoTime();
            final Segment again = Segment.recycle(ops, dir, spare, base + SIZE, SIZE, FileOps.Prefault.READ);
            recycled[i] = System.nanoTime() - start;
            syncRecycled[i] = storeAndSync(ops, again);
            again.close();
        }
        System.out.printf("segment preparation, 64 MiB, %d rounds: new p50 %.2f ms (min %.2f, max %.2f); recycled p50 %.2f ms (min %.2f, max %.2f)%n",
            ROUNDS, p50(created) / 1e6, min(created) / 1e6, max(created) / 1e6, p50(recycled) / 1e6, min(recycled) / 1e6, max(recycled) / 1e6);
        System.out.printf("first 4 KiB store + msync: new p50 %.0f us, recycled p50 %.0f us%n", p50(syncNew) / 1e3, p50(syncRecycled) / 1e3);
    }

    private static long storeAndSync(final FileOps ops, final Segment segment) throws IOException {
        final long start = System.nanoTime();
        segment.memory().asSlice(SegmentDescriptor.HEADER_LENGTH, 4096).fill((byte)7);
        ops.syncRange(segment.memory(), SegmentDescriptor.HEADER_LENGTH, 4096);
        return System.nanoTime() - start;
    }

    /** Writes the whole segment once, as a log that filled it would, so the recycled file's blocks are written. */
    private static void fillAndClose(final FileOps ops, final Segment segment) throws IOException {
        segment.memory().asSlice(SegmentDescriptor.HEADER_LENGTH).fill((byte)1);
        ops.syncData(segment.channel());
        segment.close();
    }

    private static long p50(final long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(final long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(final long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}

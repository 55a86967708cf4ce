package dev.mmwal.probe;

import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An opt-in look at which page states make a store through the mapping fault (docs/design.md, "Why
 * the whole segment, writable"): stores one long into each page of a 4 MiB range of a fallocated,
 * {@code MADV_RANDOM} mapping after each preparation, and counts this thread's faults; also times
 * reading a 64 MiB segment in against populating it writable.
 * {@code ./mvnw25 -B -q -pl wal-core test -Dtest=WriteFaultProbe -Dmmwal.probe=true -Dsurefire.failIfNoSpecifiedTests=false}
 * (table in {@code wal-core/target/write-faults.md}).
 */
@EnabledIfSystemProperty(named = "mmwal.probe", matches = "true")
class WriteFaultProbe {
    private static final long SIZE = 64L << 20;
    private static final long RANGE = 4L << 20;
    private static final long PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        final PosixFileOps ops = PosixFileOps.INSTANCE;
        final StringBuilder out = new StringBuilder("| pages prepared by | faults per 1,024 pages stored |\n|---|---|\n");
        final Path file = dir.resolve("probe");
        ops.allocate(file, SIZE, FileOps.Preallocation.FALLOCATE);
        try (FileChannel channel = ops.openReadWrite(file); Arena arena = Arena.ofShared()) {
            final MemorySegment mapping = ops.map(channel, FileChannel.MapMode.READ_WRITE, SIZE, arena);
            final long readStart = System.nanoTime();
            ops.prefault(mapping.asSlice(0, 2 * RANGE), FileOps.Prefault.READ);
            final long readNanos = System.nanoTime() - readStart;
            row(out, "MADV_POPULATE_READ", store(mapping, 0));
            final long writeStart = System.nanoTime();
            ops.prefault(mapping.asSlice(RANGE, RANGE), FileOps.Prefault.WRITE);
            final long writeNanos = System.nanoTime() - writeStart;
            row(out, "MADV_POPULATE_READ, then MADV_POPULATE_WRITE", store(mapping, RANGE));
            ops.prefault(mapping.asSlice(2 * RANGE, RANGE), FileOps.Prefault.WRITE);
            row(out, "MADV_POPULATE_WRITE", store(mapping, 2 * RANGE));
            final Thread other = new Thread(() -> ops.prefault(mapping.asSlice(3 * RANGE, RANGE), FileOps.Prefault.WRITE));
            other.start();
            other.join();
            row(out, "MADV_POPULATE_WRITE on another thread", store(mapping, 3 * RANGE));
            ops.prefault(mapping.asSlice(4 * RANGE, RANGE), FileOps.Prefault.WRITE);
            ops.syncRange(mapping, 4 * RANGE, RANGE);
            row(out, "MADV_POPULATE_WRITE, then msync", store(mapping, 4 * RANGE));
            store(mapping, 5 * RANGE);
            channel.force(false);
            row(out, "stored once, then fdatasync", store(mapping, 5 * RANGE));
            out.append(String.format("%nMADV_POPULATE_READ of 8 MiB: %.1f ms; MADV_POPULATE_WRITE of 4 MiB over read-populated pages: %.1f ms%n",
                readNanos / 1e6, writeNanos / 1e6));
        }
        System.out.println(out);
        try {
            Files.writeString(Path.of("target", "write-faults.md"), out);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void row(final StringBuilder out, final String preparation, final long faults) {
        out.append("| ").append(preparation).append(" | ").append(faults).append(" |\n");
    }

    /** Stores one long into each page of {@code [from, from + RANGE)}; returns this thread's faults meanwhile. */
    private static long store(final MemorySegment mapping, final long from) throws IOException {
        final long before = threadFaults();
        for (long offset = from; offset < from + RANGE; offset += PAGE) {
            mapping.set(ValueLayout.JAVA_LONG, offset, offset);
        }
        return threadFaults() - before;
    }

    private static long threadFaults() throws IOException {
        final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        // fields after the command's closing parenthesis: state is field 3, minflt 10, majflt 12 (proc(5))
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]) + Long.parseLong(fields[9]);
    }
}

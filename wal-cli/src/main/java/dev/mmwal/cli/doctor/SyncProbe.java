package dev.mmwal.cli.doctor;

import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Measures what a commit costs on this filesystem, like {@code pg_test_fsync}: many times, append
 * a small record after the previous one and make it durable, timing each. Files are prepared the
 * way the log prepares segments (preallocated, out of the page cache, mapped and pre-faulted).
 */
final class SyncProbe {
    /** Bytes per probe write: a typical small commit record. */
    static final int RECORD = 128;
    private static final long FILE_SIZE = 8L << 20;
    private static final int WARMUP = 5;

    private final Path directory;
    private final int syncs;
    private final long maxNanos;
    private final DeviceCounters device;
    private final FileOps.Prefault prefault;

    /** One probe's timings. {@code deviceBytesPerSync} is -1 when the device has no counters. */
    record Result(String name, String description, Histogram latency, long deviceBytesPerSync) {
    }

    /** One timed operation. */
    @FunctionalInterface
    private interface Op {
        void run(long position) throws IOException;
    }

    /** @param prefault how mapped probe files are faulted in: as the log does ({@code WalConfig.prefault()}). */
    SyncProbe(final Path directory, final int syncs, final long maxNanos, final DeviceCounters device, final FileOps.Prefault prefault) {
        this.directory = directory;
        this.prefault = prefault;
        this.syncs = Math.min(syncs, (int)(FILE_SIZE / RECORD) - WARMUP);
        this.maxNanos = maxNanos;
        this.device = device;
    }

    /** {@code pwrite} of one record, then {@code fdatasync}. */
    Result pwrite() throws IOException {
        final Path file = prepare("pwrite.probe");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer record = ByteBuffer.allocateDirect(RECORD);
            return run("pwrite + fdatasync", "write(2) a 128-byte record, then fdatasync(2)", position -> {
                record.clear();
                while (record.hasRemaining()) {
                    channel.write(record, position + record.position());
                }
                channel.force(false);
            });
        }
    }

    /** A store of one record through a shared mapping, then {@code msync} of its range or {@code fdatasync} of the file. */
    Result mapped(final boolean msync) throws IOException {
        final Path file = prepare(msync ? "msync.probe" : "mapped.probe");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofConfined()) {
            final MemorySegment mapping = PosixFileOps.INSTANCE.map(channel, FileChannel.MapMode.READ_WRITE, FILE_SIZE, arena);
            PosixFileOps.INSTANCE.prefault(mapping, prefault);
            final MemorySegment record = arena.allocate(RECORD).fill((byte)0x5A);
            if (msync) {
                return run("mapped write + msync", "store a 128-byte record through the mapping, then msync(MS_SYNC) its page range (SyncMethod.MSYNC)",
                    position -> {
                        MemorySegment.copy(record, 0, mapping, position, RECORD);
                        PosixFileOps.INSTANCE.syncRange(mapping, position, RECORD);
                    });
            }
            return run("mapped write + fdatasync", "store a 128-byte record through the mapping, then fdatasync(2) the file (SyncMethod.FDATASYNC)",
                position -> {
                    MemorySegment.copy(record, 0, mapping, position, RECORD);
                    channel.force(false);
                });
        }
    }

    /** {@code fdatasync} with nothing to write: the floor every commit pays. */
    Result cleanSync() throws IOException {
        final Path file = prepare("clean.probe");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return run("fdatasync, nothing dirty", "fdatasync(2) of a file with no dirty pages: the fixed cost of a sync call", position -> channel.force(false));
        }
    }

    private Path prepare(final String name) throws IOException {
        final Path file = directory.resolve(name);
        PosixFileOps.INSTANCE.allocate(file, FILE_SIZE, FileOps.Preallocation.FALLOCATE);
        return file;
    }

    private Result run(final String name, final String description, final Op op) throws IOException {
        long position = 0;
        for (int i = 0; i < WARMUP; i++, position += RECORD) {
            op.run(position);
        }
        final Histogram latency = new Histogram(3);
        final long bytesBefore = device == null ? -1 : device.bytesWritten();
        final long deadline = System.nanoTime() + maxNanos;
        for (int i = 0; i < syncs && System.nanoTime() < deadline; i++, position += RECORD) {
            final long start = System.nanoTime();
            op.run(position);
            latency.recordValue(System.nanoTime() - start);
        }
        final long bytesAfter = device == null ? -1 : device.bytesWritten();
        final long perSync = bytesBefore < 0 || bytesAfter < 0 || latency.getTotalCount() == 0
            ? -1 : (bytesAfter - bytesBefore) / latency.getTotalCount();
        return new Result(name, description, latency, perSync);
    }
}

package dev.mmwal.internal.log;

import dev.mmwal.format.CountersDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The log's counters in {@code mmwal.counters} (layout: {@link CountersDescriptor}), for other processes.
 *
 * <p>Concurrency: the preparer thread is the single writer of every counter ({@link #publish},
 * release stores); appenders never touch this class. {@link #create} and {@link #close} run on the
 * thread opening or closing the log, before the preparer starts and after it stopped.
 */
public final class SharedCounters implements AutoCloseable {
    private final Arena arena;
    private final AtomicCounter open;
    private final AtomicCounter records;
    private final AtomicCounter syncs;
    private final AtomicCounter bytesSynced;
    private final AtomicCounter commits;
    private final AtomicCounter durableLsn;
    private final AtomicCounter tailLsn;
    private final AtomicCounter backPressure;
    private final AtomicCounter failed;

    private SharedCounters(final Arena arena, final CountersManager manager) {
        this.arena = arena;
        manager.newCounter("pid", CountersDescriptor.TYPE_PID).setRelease(ProcessHandle.current().pid());
        this.open = manager.newCounter("open", CountersDescriptor.TYPE_OPEN);
        this.records = manager.newCounter("records", CountersDescriptor.TYPE_RECORDS);
        this.syncs = manager.newCounter("syncs", CountersDescriptor.TYPE_SYNCS);
        this.bytesSynced = manager.newCounter("bytesSynced", CountersDescriptor.TYPE_BYTES_SYNCED);
        this.commits = manager.newCounter("commits", CountersDescriptor.TYPE_COMMITS);
        this.durableLsn = manager.newCounter("durableLsn", CountersDescriptor.TYPE_DURABLE_LSN);
        this.tailLsn = manager.newCounter("tailLsn", CountersDescriptor.TYPE_TAIL_LSN);
        this.backPressure = manager.newCounter("backPressureEvents", CountersDescriptor.TYPE_BACK_PRESSURE);
        this.failed = manager.newCounter("failed", CountersDescriptor.TYPE_FAILED);
        open.setRelease(1);
    }

    /**
     * Creates a fresh counters file in {@code directory}: the old one is unlinked first, so a
     * reader still mapping it keeps its (stale-marked) inode rather than seeing it truncated.
     */
    public static SharedCounters create(final Path directory) throws IOException {
        final Path file = directory.resolve(CountersDescriptor.FILE_NAME);
        Files.deleteIfExists(file);
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            final MemorySegment mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, CountersDescriptor.FILE_LENGTH, arena);
            final UnsafeBuffer metadata = new UnsafeBuffer(mapped.address() + CountersDescriptor.METADATA_OFFSET,
                CountersDescriptor.METADATA_LENGTH);
            final UnsafeBuffer values = new UnsafeBuffer(mapped.address() + CountersDescriptor.VALUES_OFFSET,
                CountersDescriptor.VALUES_LENGTH);
            return new SharedCounters(arena, new CountersManager(metadata, values));
        } catch (final IOException | RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /** Preparer thread only: copies what the flusher measured and the log's positions into the file. */
    public void publish(final WalMetricsImpl metrics, final LogEngine engine, final long backPressureEvents) {
        records.setRelease(metrics.recordsSynced());
        syncs.setRelease(metrics.syncs());
        bytesSynced.setRelease(metrics.bytesSynced());
        commits.setRelease(metrics.commitsSynced());
        durableLsn.setRelease(engine.durableLsnAcquire());
        tailLsn.setRelease(engine.tailAcquire());
        backPressure.setRelease(backPressureEvents);
        failed.setRelease(engine.failure() != null ? 1 : 0);
    }

    /** Stale-marks the file ({@code open} = 0) and unmaps it; the file stays for readers to see the final values. */
    @Override
    public void close() {
        open.setRelease(0);
        arena.close();
    }
}

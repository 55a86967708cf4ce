package dev.mmwal.internal.log;

import dev.mmwal.format.CountersDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The log's counters in {@code mmwal.counters}, for other processes: Agrona's counters layout
 * ({@link CountersDescriptor}), so Agrona's {@code CountersReader} reads it, written here with the
 * FFM API (Agrona's own buffers would need {@code jdk.internal.misc} exported to the application).
 *
 * <p>Concurrency: the preparer thread is the single writer of every value ({@link #publish},
 * release stores, so a reader's acquire load sees a whole value); appenders never touch this
 * class. {@link #create} and {@link #close} run on the thread opening or closing the log, before
 * the preparer starts and after it stopped.
 */
public final class SharedCounters implements AutoCloseable {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final String[] LABELS = {"pid", "open", "records", "syncs", "bytesSynced", "commits", "durableLsn", "tailLsn",
        "backPressureEvents", "failed"};
    private static final int PID = 0;
    private static final int OPEN = 1;
    private static final int RECORDS = 2;
    private static final int SYNCS = 3;
    private static final int BYTES_SYNCED = 4;
    private static final int COMMITS = 5;
    private static final int DURABLE_LSN = 6;
    private static final int TAIL_LSN = 7;
    private static final int BACK_PRESSURE = 8;
    private static final int FAILED = 9;

    private final Arena arena;
    private final MemorySegment file;

    private SharedCounters(final Arena arena, final MemorySegment file) {
        this.arena = arena;
        this.file = file;
        for (int id = 0; id < LABELS.length; id++) {
            allocate(id, LABELS[id]);
        }
        set(PID, ProcessHandle.current().pid());
        set(OPEN, 1);
    }

    /**
     * Creates a fresh counters file in {@code directory}: the old one is unlinked first, so a
     * reader still mapping it keeps its (stale-marked) inode rather than a truncated mapping.
     */
    public static SharedCounters create(final Path directory) throws IOException {
        final Path path = directory.resolve(CountersDescriptor.FILE_NAME);
        Files.deleteIfExists(path);
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            return new SharedCounters(arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, CountersDescriptor.FILE_LENGTH, arena));
        } catch (final IOException | RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /** Writes counter {@code id}'s metadata record, its state last (release), as Agrona's allocation does. */
    private void allocate(final int id, final String label) {
        final long record = CountersDescriptor.METADATA_OFFSET + (long)id * CountersDescriptor.METADATA_RECORD_LENGTH;
        final byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
        file.set(ValueLayout.JAVA_INT, record + CountersDescriptor.TYPE_ID_OFFSET, id + 1);
        file.set(ValueLayout.JAVA_LONG, record + CountersDescriptor.FREE_FOR_REUSE_DEADLINE_OFFSET, CountersDescriptor.NOT_FREE_TO_REUSE);
        file.set(ValueLayout.JAVA_INT, record + CountersDescriptor.LABEL_LENGTH_OFFSET, ascii.length);
        MemorySegment.copy(ascii, 0, file, ValueLayout.JAVA_BYTE, record + CountersDescriptor.LABEL_OFFSET, ascii.length);
        INT.setRelease(file, record + CountersDescriptor.STATE_OFFSET, CountersDescriptor.RECORD_ALLOCATED);
    }

    private void set(final int id, final long value) {
        LONG.setRelease(file, CountersDescriptor.VALUES_OFFSET + (long)id * CountersDescriptor.VALUE_RECORD_LENGTH, value);
    }

    /** Preparer thread only: copies what the flusher measured and the log's positions into the file. */
    public void publish(final WalMetricsImpl metrics, final LogEngine engine, final long backPressureEvents) {
        set(RECORDS, metrics.recordsSynced());
        set(SYNCS, metrics.syncs());
        set(BYTES_SYNCED, metrics.bytesSynced());
        set(COMMITS, metrics.commitsSynced());
        set(DURABLE_LSN, engine.durableLsnAcquire());
        set(TAIL_LSN, engine.tailAcquire());
        set(BACK_PRESSURE, backPressureEvents);
        set(FAILED, engine.failure() != null ? 1 : 0);
    }

    /** Stale-marks the file ({@code open} = 0) and unmaps it; the file stays for readers to see the final values. */
    @Override
    public void close() {
        set(OPEN, 0);
        arena.close();
    }
}

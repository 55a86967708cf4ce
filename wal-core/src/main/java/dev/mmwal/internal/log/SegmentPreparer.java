package dev.mmwal.internal.log;

import dev.mmwal.WalConfig;
import dev.mmwal.WritePath;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.FileOps;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentFiles;
import dev.mmwal.internal.segment.SegmentTable;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the next segment(s) allocated, mapped and pre-faulted ahead of the tail, so an append that
 * crosses a segment end never waits for file creation. An Agrona {@link Agent}: one thread.
 *
 * <p>Single-threaded: one agent thread (asserted); appenders reach it only through the engine's
 * segment table and its wake-up.
 *
 * <p>A failure (a full disk) is recorded, not fatal: the log written so far stays valid, appenders
 * that need the new segment get a clear exception, and the preparer retries after a pause.
 *
 * <p>It is also where the log's events leave the hot path: it notices segment rolls (the tail
 * entered a new segment), back-pressure marks the appenders left, failed and recovered segment
 * creation, and the fail-stop, and reports each through the {@link LogObserver}.
 */
public final class SegmentPreparer implements Agent {

    private static final long PAGE = 4096;
    private static final long PRETOUCH_CHUNK = 256 << 10;

    private final LogEngine engine;
    private final long pretouchBytes;
    private final LogObserver observer;
    private Thread thread;
    private long retryAfterNanos;
    private long touchedUpTo;
    private long rolledIndex;
    private long reportedBackPressure = -1;
    private long backPressureEvents;
    private final SharedCounters counters;

    /**
     * @param counters the log's counters file, written from this thread each duty cycle; null for none.
     */
    public SegmentPreparer(final LogEngine engine, final SharedCounters counters) {
        this.engine = engine;
        this.counters = counters;
        this.observer = engine.observer();
        this.pretouchBytes = engine.config().pretouchBytes();
        this.rolledIndex = lastReservedIndex();
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
        engine.preparerThread(thread);
    }

    @Override
    public int doWork() {
        assert thread == Thread.currentThread() : "the preparer runs on one thread: " + Thread.currentThread();
        publishCounters();
        if (engine.failure() != null) {
            observer.failStopped(engine.failure());
            return 0;
        }
        if (engine.isClosed()) {
            return 0;
        }
        reportRolls();
        reportBackPressure();
        // The window first: a segment's preparation can take milliseconds (fallocate, fsync), and
        // the appenders must not outrun the window meanwhile.
        final int touched = pretouch();
        return touched + prepareSegments() + pretouch();
    }

    /**
     * A failure that came too late for a duty cycle is still reported once. Stopping while the log
     * is open (never by design) fails it: appenders would otherwise wait for segments forever.
     */
    @Override
    public void onClose() {
        if (!engine.isClosed()) {
            engine.fail(new IllegalStateException("the segment preparer stopped while the log was open: dir=" + engine.directory()));
        }
        observer.failStopped(engine.failure());
        publishCounters();
    }

    /** Copies the metrics into the counters file (off the hot path: appenders never write it). */
    private void publishCounters() {
        if (counters != null) {
            counters.publish(engine.metrics(), engine, backPressureEvents);
        }
    }

    /** The index of the segment holding the last reserved byte (the tail itself may sit on the next segment's base). */
    private long lastReservedIndex() {
        return (engine.tailAcquire() - 1) >>> engine.segmentShift();
    }

    /** Reports every segment the tail entered since the last look, in order. */
    private void reportRolls() {
        final long index = lastReservedIndex();
        while (rolledIndex < index) {
            rolledIndex++;
            observer.segmentRolled(rolledIndex << engine.segmentShift(), engine.segmentSize(),
                Math.max(0, engine.tableAcquire().endIndex() - 1 - rolledIndex));
        }
    }

    private void reportBackPressure() {
        final long base = engine.backPressuredBaseVolatile();
        if (base > reportedBackPressure) {
            reportedBackPressure = base;
            backPressureEvents++;
            observer.backPressured(base, engine.prepareFailure() != null);
        }
    }

    /**
     * Keeps the pages just ahead of the tail mapped writable, like a pretoucher, so appenders do
     * not take the write fault. {@code MADV_POPULATE_WRITE} dirties pages without storing into
     * them, so it is safe while appenders write nearby; the pages would be dirtied by the
     * appenders moments later anyway, and range syncs (msync) never write pages past the batch.
     */
    private int pretouch() {
        if (pretouchBytes == 0) {
            return 0;
        }
        final long tail = engine.tailAcquire();
        // madvise takes whole pages: both ends page-aligned
        final long from = Math.max(touchedUpTo, tail & -PAGE);
        final long to = (tail + pretouchBytes + PAGE - 1) & -PAGE;
        if (to - from < PRETOUCH_CHUNK) {
            return 0;
        }
        long position = from;
        while (position < to) {
            final Segment segment = engine.segmentFor(position);
            if (segment == null) {
                break;
            }
            final long offset = position - segment.baseLsn();
            final long length = Math.min(to - position, segment.size() - offset);
            try {
                engine.ops().prefault(segment.memory().asSlice(offset, length), FileOps.Prefault.WRITE);
            } catch (final IllegalStateException ex) {
                return 0;
            }
            position += length;
        }
        touchedUpTo = position;
        return 1;
    }

    private int prepareSegments() {
        final long wanted = (engine.tailAcquire() >>> engine.segmentShift()) + engine.config().segmentsAhead();
        final SegmentTable table = engine.tableAcquire();
        if (table.endIndex() > wanted) {
            return 0;
        }
        final long now = System.nanoTime();
        if (engine.prepareFailure() != null && now - retryAfterNanos < 0) {
            return 0;
        }
        final long baseLsn = table.endIndex() << engine.segmentShift();
        try {
            final Segment created = newSegment(baseLsn);
            final Segment segment = engine.config().writePath() == WritePath.STAGED
                ? created.withStaging(SegmentDescriptor.HEADER_LENGTH) : created;
            try {
                engine.ops().syncDirectory(engine.directory());
            } catch (final IOException ex) {
                segment.close();
                engine.ops().delete(segment.path());
                throw ex;
            }
            engine.updateTable(current -> current.with(segment));
            final boolean recovered = engine.prepareFailure() != null;
            engine.prepareFailure(null);
            if (recovered) {
                observer.segmentCreatedAfterFailure(baseLsn);
            }
            return 1;
        } catch (final IOException ex) {
            final boolean firstFailure = engine.prepareFailure() == null;
            engine.prepareFailure(ex);
            retryAfterNanos = now + engine.config().segmentRetryNanos();
            if (firstFailure) {
                observer.noSegment(baseLsn, ex);
            }
            return 0;
        }
    }

    /** A spent segment recycled when one is kept ({@code WalConfig.recycleSegments}), else a new file. */
    private Segment newSegment(final long baseLsn) throws IOException {
        final FileOps.Prefault prefault = newSegmentPrefault(engine.config());
        final List<Path> spares = engine.config().recycleSegments() > 0 ? SegmentFiles.spares(engine.directory()) : List.of();
        if (!spares.isEmpty()) {
            return Segment.recycle(engine.ops(), engine.directory(), spares.getFirst(), baseLsn, engine.segmentSize(), prefault);
        }
        return Segment.create(engine.ops(), engine.directory(), baseLsn, engine.segmentSize(), engine.config().preallocation(), prefault);
    }

    /**
     * With a pretouch window (range syncs), the whole new segment is populated writable
     * ({@code MADV_POPULATE_WRITE}) while the previous one is still being filled, so appenders
     * never take the write fault. Reading it in ({@code READ}) mapped the pages read-only: every
     * page then still took a write fault, on the appender when the window could not keep ahead
     * (measured: 0.25 faults per 1 KiB append, one per page). Without the window the configured
     * mode stands: {@code FDATASYNC} would write dirtied pages back on every sync. Recovery
     * creates a new log's first segment the same way.
     *
     * @param config the log's configuration.
     * @return how a new segment of that log is prefaulted as a whole.
     */
    public static FileOps.Prefault newSegmentPrefault(final WalConfig config) {
        return config.pretouchBytes() > 0 ? FileOps.Prefault.WRITE : config.prefault();
    }

    @Override
    public String roleName() {
        return "mmwal-preparer";
    }
}

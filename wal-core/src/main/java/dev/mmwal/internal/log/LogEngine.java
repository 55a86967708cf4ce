package dev.mmwal.internal.log;

import dev.mmwal.WalClosedException;
import dev.mmwal.WalConfig;
import dev.mmwal.WalException;
import dev.mmwal.WalFailedException;
import dev.mmwal.format.Checksums;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.FileOps;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentTable;
import dev.mmwal.internal.segment.SegmentSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The shared state of one open log: the segment table, the tail allocator, the durable LSN and
 * the failure state. Appenders (many threads), the flusher (one thread), the segment preparer
 * (one thread) and readers all go through it.
 *
 * <p><b>Tail allocator</b> (lock-free): {@link #reserve(int)} moves the tail with one CAS. A
 * reservation that fits in the current segment takes {@code [tail, tail + length)}; one that does
 * not moves the tail into the next segment (which the preparer must already have mapped, else
 * {@link StatusCodes#BACK_PRESSURED}) and the winning thread fills the old segment's tail with a
 * padding record. Reservations are unique, non-overlapping and dense (padding aside). The sign bit
 * of the tail marks the log closed, so no reservation can succeed after close begins.
 *
 * <p><b>Publication</b>: a writer fills header and payload with plain stores, computes the CRC,
 * then stores the frame length with release. Anyone who acquire-reads a positive frame length sees
 * the whole record.
 *
 * <p><b>Durable LSN</b>: written only by the flusher, after the bytes below it were synced; never
 * decreases; published with a volatile store (the commit layer's waiters say why not merely
 * release). Waiting for it is the commit layer's ({@code internal.flush}), which sits above this one.
 */
public final class LogEngine implements SegmentSource {
    private static final long CLOSED_BIT = Long.MIN_VALUE;
    private static final VarHandle TABLE;
    private static final VarHandle FAILURE;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TABLE = lookup.findVarHandle(LogEngine.class, "table", SegmentTable.class);
            FAILURE = lookup.findVarHandle(LogEngine.class, "failure", Throwable.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final WalConfig config;
    private final FileOps ops;
    private final Path directory;
    private final long segmentSize;
    private final int segmentShift;
    private final int maxPayloadLength;
    private final PaddedPosition tail;
    private final PaddedPosition durable;
    private final WalMetricsImpl metrics = new WalMetricsImpl();
    @SuppressWarnings("unused") // accessed through TABLE
    private volatile SegmentTable table;
    @SuppressWarnings("unused") // accessed through FAILURE
    private volatile Throwable failure;
    private volatile IOException prepareFailure;
    private volatile Thread preparerThread;
    private volatile Runnable onFailure = () -> { };
    /**
     * The highest segment base LSN an appender found unprepared (-1: none yet). Written only on the
     * back-pressure path, read by the preparer, which reports it (listener, JFR) off the hot path.
     * Racing appenders may store out of order; a missed report costs nothing but the report.
     */
    private volatile long backPressuredBase = -1;
    private final LogObserver observer;

    public LogEngine(final WalConfig config, final SegmentTable table, final long endLsn) {
        this.config = config;
        this.ops = config.fileOps();
        this.directory = config.directory();
        this.segmentSize = config.segmentSize();
        this.segmentShift = config.segmentShift();
        this.maxPayloadLength = Lsns.maxPayloadLength(segmentSize);
        this.tail = new PaddedPosition(Lsns.nextRecordStart(endLsn, segmentSize));
        this.durable = new PaddedPosition(Lsns.nextRecordStart(endLsn, segmentSize));
        this.observer = new LogObserver(directory, config.listener());
        TABLE.setRelease(this, table);
    }

    /** Where this log reports lifecycle, rolls, back-pressure and faults (never from the hot path). */
    public LogObserver observer() {
        return observer;
    }

    /** The highest segment base an appender found unprepared, or -1 (see the field). */
    public long backPressuredBaseVolatile() {
        return backPressuredBase;
    }

    public WalConfig config() {
        return config;
    }

    public FileOps ops() {
        return ops;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public long segmentSize() {
        return segmentSize;
    }

    public int segmentShift() {
        return segmentShift;
    }

    public int maxPayloadLength() {
        return maxPayloadLength;
    }

    public WalMetricsImpl metrics() {
        return metrics;
    }

    public SegmentTable tableAcquire() {
        return (SegmentTable)TABLE.getAcquire(this);
    }

    public void tableRelease(final SegmentTable next) {
        TABLE.setRelease(this, next);
    }

    /** Replaces the table atomically: the preparer adds segments while truncation removes them. */
    public SegmentTable updateTable(final java.util.function.UnaryOperator<SegmentTable> change) {
        while (true) {
            final SegmentTable current = tableAcquire();
            final SegmentTable next = change.apply(current);
            if (TABLE.compareAndSet(this, current, next)) {
                return next;
            }
        }
    }

    @Override
    public Segment segment(final long index) {
        return tableAcquire().get(index);
    }

    @Override
    public boolean isRemoved(final long index) {
        return index < tableAcquire().firstIndex();
    }

    @Override
    public long publishedLimit() {
        return tailAcquire();
    }

    @Override
    public long durableLimit() {
        return durableLsnAcquire();
    }

    public Segment segmentFor(final long lsn) {
        return tableAcquire().get(lsn >>> segmentShift);
    }

    /** The next position to be reserved (closed flag stripped). */
    public long tailAcquire() {
        return tail.getAcquire() & ~CLOSED_BIT;
    }

    public boolean isClosed() {
        return tail.getAcquire() < 0;
    }

    public long durableLsnAcquire() {
        return durable.getAcquire();
    }

    public long durableLsnVolatile() {
        return durable.getVolatile();
    }

    /** Flusher only: the bytes below {@code lsn} are durable. */
    public void durableLsnVolatile(final long lsn) {
        durable.setVolatile(lsn);
    }

    /**
     * Reserves {@code alignedLength} bytes for one record.
     *
     * @return the record's LSN, or {@link StatusCodes#CLOSED}, {@link StatusCodes#BACK_PRESSURED},
     * {@link StatusCodes#NO_SEGMENT}, {@link StatusCodes#FAILED}.
     */
    public long reserve(final int alignedLength) {
        while (true) {
            final long current = tail.getVolatile();
            if (current < 0) {
                return StatusCodes.CLOSED;
            }
            if (FAILURE.getAcquire(this) != null) {
                return StatusCodes.FAILED;
            }
            final long offset = current & (segmentSize - 1);
            if (offset == SegmentDescriptor.HEADER_LENGTH && segment(current >>> segmentShift) == null) {
                // Recovery can leave the tail at the first record of a segment the preparer has
                // not created yet: the only way onto an unmapped segment that skips the roll below.
                return notPrepared(current - offset);
            }
            if (offset != 0 && offset + alignedLength <= segmentSize) {
                if (tail.compareAndSet(current, current + alignedLength)) {
                    return current;
                }
                continue;
            }
            final long nextBase = offset == 0 ? current : current - offset + segmentSize;
            if (segment(nextBase >>> segmentShift) == null) {
                return notPrepared(nextBase);
            }
            final long start = nextBase + SegmentDescriptor.HEADER_LENGTH;
            if (tail.compareAndSet(current, start + alignedLength)) {
                if (offset != 0) {
                    writePadding(current, segmentSize - offset);
                }
                wakePreparer();
                return start;
            }
        }
    }

    /** The segment a reservation needs is not mapped: a moment's wait, or a failure to create it. */
    private long notPrepared(final long baseLsn) {
        metrics.onBackPressured();
        if (backPressuredBase < baseLsn) {
            backPressuredBase = baseLsn;
        }
        wakePreparer();
        return prepareFailure != null ? StatusCodes.NO_SEGMENT : StatusCodes.BACK_PRESSURED;
    }

    /** Fills {@code [lsn, lsn + length)} with a padding record; shorter gaps than a header are implicit. */
    private void writePadding(final long lsn, final long length) {
        if (length < RecordDescriptor.HEADER_LENGTH) {
            return;
        }
        final Segment segment = segmentFor(lsn);
        RecordWriter.pad(segment.memory(), lsn - segment.baseLsn(), lsn, (int)length);
    }

    public void checkPayloadLength(final long payloadLength) {
        if (payloadLength < 0 || payloadLength > maxPayloadLength) {
            throw new IllegalArgumentException("record payload does not fit a segment: payloadLength=" + payloadLength
                + ", maxPayloadLength=" + maxPayloadLength + ", segmentSize=" + segmentSize);
        }
    }

    /** Turns a negative reserve status into the exception the blocking API throws. */
    public WalException statusException(final long status) {
        if (status == StatusCodes.CLOSED) {
            return new WalClosedException("log is closed: dir=" + directory);
        }
        if (status == StatusCodes.FAILED) {
            return failedException();
        }
        final IOException prepare = prepareFailure;
        return new WalException("cannot start the next segment: dir=" + directory + ", cause=" + (prepare == null ? "unknown" : dev.mmwal.io.Errno.describe(prepare)), prepare);
    }

    /** Sets the terminal FAILED state once; the first cause wins. Then runs the failure hook (it wakes every waiter). */
    public void fail(final Throwable cause) {
        if (FAILURE.compareAndSet(this, null, cause)) {
            metrics.markFailed();
        }
        onFailure.run();
        // the preparer reports the fail-stop (log, listener) off the caller's thread
        wakePreparer();
    }

    /**
     * What {@link #fail} runs after setting the state, every time it is called: the commit layer
     * wakes its waiters there, so they see the failure (this layer knows nothing of waiting).
     */
    public void onFailure(final Runnable hook) {
        onFailure = hook;
    }

    public Throwable failure() {
        return (Throwable)FAILURE.getAcquire(this);
    }

    public WalFailedException failedException() {
        final Throwable cause = failure();
        return new WalFailedException("log failed and accepts no more records: dir=" + directory
            + ", cause=" + (cause == null ? "unknown" : cause), cause);
    }

    /** Marks the tail closed; returns the final tail. */
    public long closeTail() {
        while (true) {
            final long current = tail.getVolatile();
            if (current < 0) {
                return current & ~CLOSED_BIT;
            }
            if (tail.compareAndSet(current, current | CLOSED_BIT)) {
                return current;
            }
        }
    }

    public IOException prepareFailure() {
        return prepareFailure;
    }

    public void prepareFailure(final IOException ex) {
        prepareFailure = ex;
    }

    public void preparerThread(final Thread thread) {
        preparerThread = thread;
    }

    public void wakePreparer() {
        final Thread thread = preparerThread;
        if (thread != null) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }
}

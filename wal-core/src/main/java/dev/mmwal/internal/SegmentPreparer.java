package dev.mmwal.internal;

import org.agrona.concurrent.Agent;

import java.io.IOException;

/**
 * Keeps the next segment(s) allocated, mapped and pre-faulted ahead of the tail, so an append that
 * crosses a segment end never waits for file creation. An Agrona {@link Agent}: one thread.
 *
 * <p>A failure (a full disk) is recorded, not fatal: the log written so far stays valid, appenders
 * that need the new segment get a clear exception, and the preparer retries after a pause.
 */
public final class SegmentPreparer implements Agent {
    private static final long RETRY_PAUSE_NANOS = 100_000_000L;

    private final LogEngine engine;
    private long retryAfterNanos;

    public SegmentPreparer(final LogEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onStart() {
        engine.preparerThread(Thread.currentThread());
    }

    @Override
    public int doWork() {
        if (engine.isClosed() || engine.failure() != null) {
            return 0;
        }
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
            final Segment segment = Segment.create(engine.ops(), engine.directory(), baseLsn, engine.segmentSize(),
                engine.config().preallocation(), engine.config().prefault());
            try {
                engine.ops().syncDirectory(engine.directory());
            } catch (final IOException ex) {
                segment.close();
                engine.ops().delete(segment.path());
                throw ex;
            }
            engine.updateTable(current -> current.with(segment));
            engine.prepareFailure(null);
            return 1;
        } catch (final IOException ex) {
            engine.prepareFailure(ex);
            retryAfterNanos = now + RETRY_PAUSE_NANOS;
            return 0;
        }
    }

    @Override
    public String roleName() {
        return "mmwal-preparer";
    }
}

package dev.mmwal.txn.internal;

import dev.mmwal.txn.RecoveryProgress;
import dev.mmwal.txn.RecoveryProgress.Phase;

import java.util.function.LongSupplier;

/**
 * Counts a recovery's work as its passes report it and publishes {@link RecoveryProgress}
 * snapshots with an ETA. The ETA is the bytes left over the rate measured so far in this recovery
 * (bytes done over time elapsed), or over {@code fallbackBytesPerSecond} before
 * {@link ReplayRate#MIN_SAMPLE_BYTES} were done.
 *
 * <p>Single writer (the recovering thread calls every method but {@link #snapshot()}); any thread
 * reads {@link #snapshot()}: the snapshot is an immutable object published with a volatile store.
 */
public final class RecoveryProgressTracker {
    /** Records between two published snapshots within a phase. */
    public static final int PUBLISH_EVERY = 256;

    private final LongSupplier clock;
    private final double fallbackBytesPerSecond;
    private long startedNanos;
    private Phase phase = Phase.NOT_STARTED;
    private long phaseFrom;
    private long phasePosition;
    private long bytesBeforePhase;
    private long bytesPlanned;
    private long records;
    private volatile RecoveryProgress published = RecoveryProgress.NOT_STARTED;

    /**
     * @param clock                  nanoseconds (System::nanoTime; a fake one in tests).
     * @param fallbackBytesPerSecond the rate the ETA assumes before enough was measured (positive).
     */
    public RecoveryProgressTracker(final LongSupplier clock, final double fallbackBytesPerSecond) {
        this.clock = clock;
        this.fallbackBytesPerSecond = fallbackBytesPerSecond;
    }

    /** Analysis begins at {@code scanStartLsn}; the log ends at {@code endLsn}. */
    public void start(final long scanStartLsn, final long endLsn) {
        startedNanos = clock.getAsLong();
        bytesPlanned = Math.max(0, endLsn - scanStartLsn);
        enter(Phase.ANALYSIS, scanStartLsn);
    }

    /** Analysis is done: redo will read {@code [redoStartLsn, endLsn)}, undo sweep {@code undoBytes} backward. */
    public void plan(final long redoStartLsn, final long endLsn, final long undoBytes) {
        bytesPlanned = bytesDone() + Math.max(0, endLsn - redoStartLsn) + Math.max(0, undoBytes);
    }

    /** A new phase starts at {@code fromLsn} (undo moves backward from it). */
    public void enter(final Phase next, final long fromLsn) {
        bytesBeforePhase = bytesDone();
        phase = next;
        phaseFrom = fromLsn;
        phasePosition = fromLsn;
        publish();
    }

    /** The current phase processed a record and reached {@code lsn}. */
    public void at(final long lsn) {
        phasePosition = lsn;
        if (++records % PUBLISH_EVERY == 0) {
            publish();
        }
    }

    /** Recovery finished. */
    public void done() {
        bytesBeforePhase = bytesDone();
        bytesPlanned = bytesBeforePhase;
        phase = Phase.DONE;
        publish();
    }

    private long bytesDone() {
        return bytesBeforePhase + Math.abs(phasePosition - phaseFrom);
    }

    private void publish() {
        final long elapsed = phase == Phase.NOT_STARTED ? 0 : clock.getAsLong() - startedNanos;
        final long done = bytesDone();
        final long left = Math.max(0, bytesPlanned - done);
        final double rate = done >= ReplayRate.MIN_SAMPLE_BYTES && elapsed > 0 ? done * 1e9 / elapsed : fallbackBytesPerSecond;
        final long eta = phase == Phase.DONE ? 0 : RecoveryTimePolicy.estimateNanos(left, rate);
        published = new RecoveryProgress(phase, phasePosition, records, done, Math.max(bytesPlanned, done), elapsed, eta);
    }

    /** The last published snapshot (any thread). */
    public RecoveryProgress snapshot() {
        return published;
    }
}

package dev.mmwal.txn.internal;

/**
 * When a checkpoint is due to keep restart recovery under a time target. A pure decision (no
 * clock, no I/O): callers pass the log's positions and the measured replay rate.
 *
 * <p>A crash now would make analysis read {@code [scanStart, tail)} and redo read
 * {@code [redoStart, tail)}, where both starts are the last checkpoint's (its CHECKPOINT_BEGIN
 * and its smallest recLsn). At {@code bytesPerSecond} that takes
 * {@code ((tail - scanStart) + (tail - redoStart)) / bytesPerSecond}. A checkpoint is due once that
 * estimate reaches {@code headroom} of the target: the rest of the target is the margin for the
 * log growing while the checkpoint runs and for the rate estimate being off.
 *
 * <p>A checkpoint moves the analysis start to the tail, but the redo start only as far as the
 * engine's oldest dirty page allows: if the engine does not write pages back, no checkpoint can
 * meet the target. So a checkpoint is never due before the log grew {@code 1/16} of the
 * allowance (the bytes replayable within the target) since the last one: a pinned redo start
 * then costs at most 16 checkpoints per allowance of log, not one per poll; the estimate
 * ({@link #estimateNanos}) tells the engine that it must write its oldest pages back.
 */
public final class RecoveryTimePolicy {
    /** Fraction of the allowance the log must grow between two checkpoints of this policy. */
    static final int MIN_GROWTH_DIVISOR = 16;

    private final long targetNanos;
    private final double headroom;

    /**
     * @param targetNanos the recovery-time bound (0: off).
     * @param headroom    fraction of the target at which a checkpoint is taken, in (0, 1].
     */
    public RecoveryTimePolicy(final long targetNanos, final double headroom) {
        if (targetNanos < 0) {
            throw new IllegalArgumentException("recovery time target must be >= 0 (0: off): targetNanos=" + targetNanos);
        }
        if (!(headroom > 0 && headroom <= 1)) {
            throw new IllegalArgumentException("headroom must be in (0, 1]: headroom=" + headroom);
        }
        this.targetNanos = targetNanos;
        this.headroom = headroom;
    }

    public boolean enabled() {
        return targetNanos > 0;
    }

    public long targetNanos() {
        return targetNanos;
    }

    /** The bytes recovery replays after a crash now: analysis from {@code scanStartLsn}, redo from {@code redoStartLsn}. */
    public static long replayBytes(final long tailLsn, final long scanStartLsn, final long redoStartLsn) {
        return Math.max(0, tailLsn - scanStartLsn) + Math.max(0, tailLsn - Math.min(redoStartLsn, scanStartLsn));
    }

    /** The estimated recovery time after a crash now, at {@code bytesPerSecond} (which must be positive). */
    public static long estimateNanos(final long replayBytes, final double bytesPerSecond) {
        final double nanos = replayBytes / bytesPerSecond * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long)nanos;
    }

    /**
     * @param tailLsn          the log's tail now.
     * @param scanStartLsn     the last checkpoint's CHECKPOINT_BEGIN (analysis starts there).
     * @param redoStartLsn     the last checkpoint's redo start (its smallest recLsn, at most its BEGIN).
     * @param lastCheckpointTailLsn the log's tail when the last checkpoint finished.
     * @param bytesPerSecond   the measured replay rate (positive).
     */
    public boolean due(final long tailLsn, final long scanStartLsn, final long redoStartLsn, final long lastCheckpointTailLsn,
                       final double bytesPerSecond) {
        if (targetNanos == 0) {
            return false;
        }
        final double allowance = bytesPerSecond * targetNanos / 1e9;
        final long replay = replayBytes(tailLsn, scanStartLsn, redoStartLsn);
        return replay >= headroom * allowance && tailLsn - lastCheckpointTailLsn >= allowance / MIN_GROWTH_DIVISOR;
    }
}

package dev.mmwal;

import java.io.IOException;

/**
 * Hears about the events of one open log that an application may want to act on or report: a
 * recovery, a segment roll, appenders held back, a segment that could not be created, the
 * fail-stop. Set with {@link WalConfig.Builder#listener(WalListener)}; every method does nothing
 * by default, so an implementation overrides only what it needs.
 *
 * <p><b>Threads.</b> Never called on an appender's or committer's thread, so the hot path pays
 * nothing: {@link #onRecovery} runs on the thread in {@link Wal#open}; the others on the log's
 * segment-preparer or flusher thread (or, for a fail-stop found only at close, the closing
 * thread). Calls for one log do not overlap; keep them short, since the preparer waits for them.
 * A listener that throws is logged ({@code System.Logger} {@code dev.mmwal}, WARNING) and ignored:
 * it cannot break the log. Do not close the log from a listener method (the closing thread waits
 * for the preparer, which would be waiting for the listener): hand the work to another thread.
 */
public interface WalListener {
    /** The listener used when none is set: hears nothing. */
    WalListener NONE = new WalListener() {
    };

    /**
     * The log was opened and recovered as {@code report} says (before any append).
     *
     * @param report what recovery found and did.
     */
    default void onRecovery(final RecoveryReport report) {
    }

    /**
     * Appenders moved on to the segment that starts at {@code baseLsn}.
     *
     * @param baseLsn the new segment's first LSN.
     */
    default void onSegmentRoll(final long baseLsn) {
    }

    /**
     * Appenders found the segment that starts at {@code baseLsn} not prepared yet and waited
     * ({@link Wal#BACK_PRESSURED}); reported once per segment. Frequent calls mean
     * {@code segmentsAhead} is too low or segment creation too slow for the append rate.
     *
     * @param baseLsn the segment waited for.
     */
    default void onBackPressure(final long baseLsn) {
    }

    /**
     * The segment that starts at {@code baseLsn} could not be created ({@link Wal#NO_SEGMENT}: a
     * full disk, an I/O error); reported once when it starts failing. The log stays valid and the
     * preparer keeps retrying.
     *
     * @param baseLsn the segment that could not be created.
     * @param cause   why, with the errno.
     */
    default void onNoSegment(final long baseLsn, final IOException cause) {
    }

    /**
     * The log failed for good (a sync, write or mapped-memory fault): it accepts no more records. Called once.
     *
     * @param cause the first failure.
     */
    default void onFailStop(final Throwable cause) {
    }
}

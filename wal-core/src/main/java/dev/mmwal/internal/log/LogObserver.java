package dev.mmwal.internal.log;

import dev.mmwal.RecoveryReport;
import dev.mmwal.WalListener;

import jdk.jfr.EventType;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where one log reports what happens to it, off the hot path: the {@code System.Logger} named
 * {@code dev.mmwal} (lifecycle at DEBUG, repairs at INFO, faults at WARNING and ERROR), the
 * application's {@link WalListener}, and the JFR events of rolls and back-pressure.
 *
 * <p><b>Threads.</b> Called by the opening thread (recovery), the segment preparer (rolls,
 * back-pressure, segment creation), the flusher and the agents' error handler (the fail-stop) and
 * the closing thread; never by an appender or a committer. The fail-stop is reported exactly once
 * whoever sees it first (a CAS). A listener that throws is logged and ignored.
 */
public final class LogObserver {
    /** The logger of every mmwal log; applications route it with their System.LoggerFinder (SLF4J, JUL, Log4j). */
    public static final System.Logger LOGGER = System.getLogger("dev.mmwal");
    private static final EventType ROLL_EVENT = EventType.getEventType(SegmentRollEvent.class);
    private static final EventType BACK_PRESSURE_EVENT = EventType.getEventType(BackPressureEvent.class);

    private final Path directory;
    private final WalListener listener;
    private final AtomicBoolean failStopReported = new AtomicBoolean();

    public LogObserver(final Path directory, final WalListener listener) {
        this.directory = directory;
        this.listener = listener;
    }

    /** Opening thread: the log is open; logs the recovery summary (INFO when something was repaired) and tells the listener. */
    public void opened(final RecoveryReport report, final long segmentSize, final boolean nativeAccess) {
        final Level level = report.clean() ? Level.DEBUG : Level.INFO;
        if (LOGGER.isLoggable(level)) {
            LOGGER.log(level, "log opened: dir=" + directory + ", segmentSize=" + segmentSize + ", nativeAccess=" + nativeAccess
                + ", " + report.summary() + (report.clean() ? "" : ", repairs=" + repairs(report)));
        }
        call("onRecovery", () -> listener.onRecovery(report));
    }

    private static String repairs(final RecoveryReport report) {
        return "truncatedRanges=" + report.truncated() + ", skippedRanges=" + report.skipped();
    }

    /** Closing thread: the log closed with {@code durableLsn} durable. */
    public void closed(final long durableLsn) {
        LOGGER.log(Level.DEBUG, () -> "log closed: dir=" + directory + ", durableLsn=" + durableLsn);
    }

    /** Preparer thread: appenders moved on to the segment at {@code baseLsn}. */
    public void segmentRolled(final long baseLsn, final long segmentSize, final long preparedAhead) {
        if (ROLL_EVENT.isEnabled()) {
            final SegmentRollEvent event = new SegmentRollEvent();
            event.baseLsn = baseLsn;
            event.segmentSize = segmentSize;
            event.preparedAhead = preparedAhead;
            event.commit();
        }
        LOGGER.log(Level.TRACE, () -> "segment roll: dir=" + directory + ", baseLsn=" + baseLsn);
        call("onSegmentRoll", () -> listener.onSegmentRoll(baseLsn));
    }

    /** Preparer thread: appenders waited for the segment at {@code baseLsn}, once per segment. */
    public void backPressured(final long baseLsn, final boolean noSegment) {
        if (BACK_PRESSURE_EVENT.isEnabled()) {
            final BackPressureEvent event = new BackPressureEvent();
            event.baseLsn = baseLsn;
            event.noSegment = noSegment;
            event.commit();
        }
        LOGGER.log(Level.DEBUG, () -> "appenders waited for an unprepared segment: dir=" + directory + ", baseLsn=" + baseLsn);
        call("onBackPressure", () -> listener.onBackPressure(baseLsn));
    }

    /** Preparer thread: the segment at {@code baseLsn} could not be created; called when a run of failures begins. */
    public void noSegment(final long baseLsn, final IOException cause) {
        LOGGER.log(Level.WARNING, "cannot create the next segment, retrying: dir=" + directory + ", baseLsn=" + baseLsn
            + ", cause=" + dev.mmwal.io.Errno.describe(cause), cause);
        call("onNoSegment", () -> listener.onNoSegment(baseLsn, cause));
    }

    /** Preparer thread: the segment at {@code baseLsn} was created after failed tries. */
    public void segmentCreatedAfterFailure(final long baseLsn) {
        LOGGER.log(Level.INFO, "next segment created after earlier failures: dir=" + directory + ", baseLsn=" + baseLsn);
    }

    /** Any off-hot-path thread: the log failed; reports {@code cause} once (ERROR, then the listener). */
    public void failStopped(final Throwable cause) {
        if (cause == null || !failStopReported.compareAndSet(false, true)) {
            return;
        }
        LOGGER.log(Level.ERROR, "log failed (fail-stop), it accepts no more records: dir=" + directory + ", cause=" + cause, cause);
        call("onFailStop", () -> listener.onFailStop(cause));
    }

    /** Runs one listener method; what it throws is logged and dropped, so a listener cannot break the log. */
    private void call(final String method, final Runnable invocation) {
        try {
            invocation.run();
        } catch (final RuntimeException | Error ex) {
            if (ex instanceof VirtualMachineError error) {
                throw error;
            }
            LOGGER.log(Level.WARNING, "log listener threw, ignored: dir=" + directory + ", method=" + method
                + ", listener=" + listener.getClass().getName() + ", exception=" + ex, ex);
        }
    }
}

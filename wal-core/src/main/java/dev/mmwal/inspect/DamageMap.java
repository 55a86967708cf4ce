package dev.mmwal.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The LSN ranges of a log that a {@link LogWalker} found damaged, each with its severity: an
 * {@link Severity#ERROR} range lies in the durable part (acknowledged records are lost there), a
 * {@link Severity#WARNING} range is a torn tail that recovery truncates. A range runs from the
 * first damaged byte to the next valid record, or to the end of the log.
 *
 * <p>Filled during a walk, so it can answer {@link #contains} while the walk goes on (a range
 * still open covers everything from its start). Single-threaded.
 */
public final class DamageMap {
    /**
     * One damaged range.
     *
     * @param fromLsn  the first damaged LSN.
     * @param toLsn    the LSN of the next valid record, or the end of the log (exclusive).
     * @param severity how bad.
     * @param reason   the first damage found in the range.
     */
    public record Range(long fromLsn, long toLsn, Severity severity, String reason) {
    }

    private final List<Range> ranges = new ArrayList<>();
    private long openFrom = -1;
    private Severity openSeverity;
    private String openReason;

    /** Filled by the {@link LogWalker} that owns it. */
    DamageMap() {
    }

    /** Starts a range at {@code lsn}; ignored while a range is open. */
    void open(final long lsn, final Severity severity, final String reason) {
        if (openFrom < 0 && lsn >= 0) {
            openFrom = lsn;
            openSeverity = severity;
            openReason = reason;
        }
    }

    /** A valid record starts at {@code lsn}: ends the open range there, if any. */
    void close(final long lsn) {
        if (openFrom >= 0) {
            if (lsn > openFrom) {
                ranges.add(new Range(openFrom, lsn, openSeverity, openReason));
            }
            openFrom = -1;
        }
    }

    /** Adds a whole range; the caller closes any open range first. */
    void add(final long fromLsn, final long toLsn, final Severity severity, final String reason) {
        if (toLsn > fromLsn) {
            ranges.add(new Range(fromLsn, toLsn, severity, reason));
        }
    }

    /**
     * The ranges found so far.
     *
     * @return an unmodifiable view of the ranges, in LSN order (a range still open is not listed until it ends).
     */
    public List<Range> ranges() {
        return Collections.unmodifiableList(ranges);
    }

    /**
     * Whether {@code lsn} is damaged.
     *
     * @param lsn the LSN to look up.
     * @return true when it lies in a damaged range, or at or after the start of the range still open.
     */
    public boolean contains(final long lsn) {
        if (openFrom >= 0 && lsn >= openFrom) {
            return true;
        }
        for (int i = ranges.size() - 1; i >= 0; i--) {
            final Range range = ranges.get(i);
            if (lsn >= range.fromLsn() && lsn < range.toLsn()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the log is undamaged so far.
     *
     * @return true when no damaged range was found and none is open.
     */
    public boolean isEmpty() {
        return ranges.isEmpty() && openFrom < 0;
    }

    /**
     * How much of the durable part is damaged.
     *
     * @return bytes of the log inside ended {@link Severity#ERROR} ranges; 0 when none.
     */
    public long durableBytesDamaged() {
        return ranges.stream().filter(r -> r.severity() == Severity.ERROR).mapToLong(r -> r.toLsn() - r.fromLsn()).sum();
    }
}

package dev.mmwal.cli.scan;

import org.agrona.collections.LongArrayList;

/**
 * The LSN ranges a scan found damaged: each from a reported problem to the next valid record.
 * Feed it the scan's events in order; it answers whether an LSN lies in damage already reported,
 * so a check that follows a link into it does not report the same damage twice.
 */
public final class DamageMap {
    private final LongArrayList starts = new LongArrayList();
    private final LongArrayList ends = new LongArrayList();
    private long openFrom = -1;

    /** A problem was reported at {@code lsn} (ignored while a range is open, and for problems without an LSN). */
    public void onProblem(final long lsn) {
        if (openFrom < 0 && lsn >= 0) {
            openFrom = lsn;
        }
    }

    /** A valid record starts at {@code lsn}: it closes the open range. */
    public void onValid(final long lsn) {
        if (openFrom >= 0) {
            starts.addLong(openFrom);
            ends.addLong(lsn);
            openFrom = -1;
        }
    }

    public boolean contains(final long lsn) {
        if (openFrom >= 0 && lsn >= openFrom) {
            return true;
        }
        for (int i = starts.size() - 1; i >= 0; i--) {
            if (lsn >= starts.getLong(i) && lsn < ends.getLong(i)) {
                return true;
            }
        }
        return false;
    }
}

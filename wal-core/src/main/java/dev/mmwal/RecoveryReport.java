package dev.mmwal;

import java.util.List;

/**
 * What opening a log found and did: where it scanned, where the log ends, and every range of
 * bytes it truncated or skipped, with the reason.
 *
 * @param mode           the recovery mode used.
 * @param scanStartLsn   the LSN the scan began at (the first record of the first unsealed segment).
 * @param endLsn         the end of the last valid record: the recovered log is {@code [first, endLsn)}.
 * @param records        valid records scanned (padding excluded).
 * @param truncated      ranges cut off the end of the log.
 * @param skipped        damaged ranges inside the log replaced by padding ({@link RecoveryMode#SKIP_CORRUPTED} only).
 * @param bridged        reservations never published (a writer killed mid-append, a claim never
 *                       committed) with published records after them, replaced by padding so those
 *                       records survive; only when the last writer ran in the same page-cache epoch
 *                       (no power loss or remount since: see docs/recovery.md).
 * @param durationNanos  time spent recovering.
 */
public record RecoveryReport(RecoveryMode mode, long scanStartLsn, long endLsn, long records,
                             List<Range> truncated, List<Range> skipped, List<Range> bridged, long durationNanos) {
    /**
     * A range of LSNs {@code [from, to)} and why it was dropped.
     *
     * @param from   the first LSN of the range.
     * @param to     the LSN after its end.
     * @param reason why recovery dropped it.
     */
    public record Range(long from, long to, String reason) {
        @Override
        public String toString() {
            return "[" + from + ", " + to + "): " + reason;
        }
    }

    /** {@return true when the log needed no repair (a bridged reservation is not damage: it was never published)} */
    public boolean clean() {
        return truncated.isEmpty() && skipped.isEmpty();
    }

    /**
     * One line for a log.
     *
     * @return {@code mode=..., scanStartLsn=..., endLsn=..., records=..., truncated=N, skipped=N, bridged=N, durationMs=...}.
     */
    public String summary() {
        return "mode=" + mode + ", scanStartLsn=" + scanStartLsn + ", endLsn=" + endLsn + ", records=" + records
            + ", truncated=" + truncated.size() + ", skipped=" + skipped.size() + ", bridged=" + bridged.size()
            + ", durationMs=" + String.format(java.util.Locale.ROOT, "%.1f", durationNanos / 1e6);
    }
}

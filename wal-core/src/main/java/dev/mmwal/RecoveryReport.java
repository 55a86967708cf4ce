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
 * @param skipped        ranges inside the log replaced by padding ({@link RecoveryMode#SKIP_CORRUPTED} only).
 * @param durationNanos  time spent recovering.
 */
public record RecoveryReport(RecoveryMode mode, long scanStartLsn, long endLsn, long records,
                             List<Range> truncated, List<Range> skipped, long durationNanos) {
    /** A range of LSNs {@code [from, to)} and why it was dropped. */
    public record Range(long from, long to, String reason) {
        @Override
        public String toString() {
            return "[" + from + ", " + to + "): " + reason;
        }
    }

    /** True when the log needed no repair. */
    public boolean clean() {
        return truncated.isEmpty() && skipped.isEmpty();
    }
}

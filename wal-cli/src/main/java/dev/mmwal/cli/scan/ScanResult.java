package dev.mmwal.cli.scan;

/**
 * What a scan found about the log's extent.
 *
 * @param endLsn        the end of the valid prefix: where the first damage or unwritten space begins.
 * @param lastRecordEnd the end of the last valid record anywhere (beyond {@code endLsn} when valid
 *                      records follow damage).
 * @param problems      problems reported (segment and header problems included).
 * @param stop          why the scan ended.
 */
public record ScanResult(long endLsn, long lastRecordEnd, long problems, Stop stop) {
    /** Why a scan ended. */
    public enum Stop {
        /** It walked every segment. */
        END,
        /** At the first problem, as {@link ScanOptions#stopAtFirstProblem()} asked. */
        PROBLEM,
        /** At {@link ScanOptions#toLsn()}. */
        RANGE,
        /** The listener asked. */
        LISTENER
    }
}

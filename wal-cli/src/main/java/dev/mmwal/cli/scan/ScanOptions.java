package dev.mmwal.cli.scan;

/**
 * What part of a log to scan and how to treat damage.
 *
 * @param fromLsn            records below this LSN are walked over but not reported.
 * @param toLsn              the scan stops at the first record at or above this LSN.
 * @param stopAtFirstProblem stop after the first damaged record or gap (dump); otherwise resume at
 *                           the next valid record (verify, stats, dump --skip-damaged).
 */
public record ScanOptions(long fromLsn, long toLsn, boolean stopAtFirstProblem) {
    /** The whole log, every problem. */
    public static final ScanOptions ALL = new ScanOptions(0, Long.MAX_VALUE, false);

    public ScanOptions {
        if (fromLsn < 0 || toLsn < fromLsn) {
            throw new IllegalArgumentException("invalid LSN range: from=" + fromLsn + ", to=" + toLsn);
        }
    }

    public boolean wholeLog() {
        return fromLsn == 0 && toLsn == Long.MAX_VALUE;
    }
}

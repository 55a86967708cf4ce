package dev.mmwal.inspect;

/**
 * What part of a log a {@link LogWalker} reports and how it treats damage.
 *
 * @param fromLsn            records below this LSN are walked over but not reported.
 * @param toLsn              the walk stops at the first record at or above this LSN.
 * @param stopAtFirstDamage  stop after the first damaged record or gap (a dump); otherwise resume at
 *                           the next valid record, so one walk reports every damaged range.
 */
public record WalkOptions(long fromLsn, long toLsn, boolean stopAtFirstDamage) {
    /** The whole log, every piece of damage. */
    public static final WalkOptions ALL = new WalkOptions(0, Long.MAX_VALUE, false);

    /**
     * Checks the LSN range.
     *
     * @throws IllegalArgumentException when the range is negative or empty the wrong way round.
     */
    public WalkOptions {
        if (fromLsn < 0 || toLsn < fromLsn) {
            throw new IllegalArgumentException("invalid LSN range: from=" + fromLsn + ", to=" + toLsn);
        }
    }

    /**
     * Whether the whole log is walked: only then can a walk tell that the log ends too early.
     *
     * @return true when the range is 0 to {@link Long#MAX_VALUE}.
     */
    public boolean wholeLog() {
        return fromLsn == 0 && toLsn == Long.MAX_VALUE;
    }
}

package dev.mmwal.kv;

import dev.mmwal.txn.RecoveryStats;

/**
 * What {@link KvStore#open} did to bring the store back.
 *
 * @param pagesLoaded   pages read from the page file.
 * @param tornPages     pages whose checksum failed (taken from the doublewrite file when it held a copy, else rebuilt
 *                      from their full-page image in the log by redo).
 * @param loadNanos     time to read and check the page file.
 * @param aries         wal-txn's figures: analysis, redo and undo times, records redone, updates undone, CLRs, losers.
 * @param indexNanos    time to rebuild the in-memory key index from the pages.
 * @param rows          live rows found.
 * @param doublewriteRepairs torn pages repaired from their copy in the doublewrite file ({@link TornPageProtection#DOUBLEWRITE}).
 */
public record KvRecovery(int pagesLoaded, int tornPages, long loadNanos, RecoveryStats aries, long indexNanos, long rows, int doublewriteRepairs) {
    /** Without doublewrite repairs (full-page-image mode). */
    public KvRecovery(final int pagesLoaded, final int tornPages, final long loadNanos, final RecoveryStats aries, final long indexNanos,
                      final long rows) {
        this(pagesLoaded, tornPages, loadNanos, aries, indexNanos, rows, 0);
    }
}

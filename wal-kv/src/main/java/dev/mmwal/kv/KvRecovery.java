package dev.mmwal.kv;

import dev.mmwal.txn.RecoveryStats;

/**
 * What {@link KvStore#open} did to bring the store back.
 *
 * @param pagesLoaded   pages read from the page file.
 * @param tornPages     pages whose checksum failed (rebuilt from their full-page image in the log by redo).
 * @param loadNanos     time to read and check the page file.
 * @param aries         wal-txn's figures: analysis, redo and undo times, records redone, updates undone, CLRs, losers.
 * @param indexNanos    time to rebuild the in-memory key index from the pages.
 * @param rows          live rows found.
 */
public record KvRecovery(int pagesLoaded, int tornPages, long loadNanos, RecoveryStats aries, long indexNanos, long rows) {
}

package dev.mmwal.txn.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the analysis pass found: the loser transactions, the dirty page table, where redo starts
 * and where the log ends. Filled by {@link Analysis}; read by redo, undo and the dry-run planner.
 * Single-threaded.
 */
public final class AnalysisResult {
    /** The checkpoint analysis started from; null when none was complete. */
    public final ControlFile.State checkpoint;
    public final long scanStartLsn;
    /** Transactions with no COMMIT and no END: the losers undo rolls back. */
    public final Map<Long, TxnState> losers = new HashMap<>();
    /** pageId to recLsn, sorted by page id. */
    public final TreeMap<Long, Long> dirtyPages = new TreeMap<>();
    long endLsn;
    long recordsScanned;
    long commitsSeen;
    long nextTxnId = 1;
    long nanos;
    String tornTail;

    AnalysisResult(final ControlFile.State checkpoint, final long scanStartLsn) {
        this.checkpoint = checkpoint;
        this.scanStartLsn = scanStartLsn;
    }

    /** The end of the last record scanned. */
    public long endLsn() {
        return endLsn;
    }

    public long recordsScanned() {
        return recordsScanned;
    }

    public long commitsSeen() {
        return commitsSeen;
    }

    /** The id above every id the log and the checkpoint hold. */
    public long nextTxnId() {
        return nextTxnId;
    }

    public long nanos() {
        return nanos;
    }

    /** Where a read-only analysis stopped at a damaged tail (wal-core's recovery would cut it); null when none. */
    public String tornTail() {
        return tornTail;
    }

    /** The smallest recLsn: where redo starts; the end of the log when no page is dirty. */
    public long redoStartLsn() {
        long start = endLsn;
        for (final long recLsn : dirtyPages.values()) {
            start = Math.min(start, recLsn);
        }
        return start;
    }
}

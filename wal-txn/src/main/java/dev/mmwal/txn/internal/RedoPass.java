package dev.mmwal.txn.internal;

import dev.mmwal.LogRecord;
import dev.mmwal.WalReader;
import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.TxnRecord;
import dev.mmwal.txn.format.TxnRecordType;

import java.util.Map;

/**
 * The ARIES redo pass: repeats history from the smallest recLsn, UPDATEs and CLRs alike (losers'
 * too: undo then rolls them back from the state they reached). A record is applied only when its
 * page is in the dirty page table with a recLsn at or below it and the page's LSN is below it,
 * so redo is idempotent. Single-threaded.
 */
public final class RedoPass {
    private final LogRecord record = new LogRecord();
    private final TxnRecord view = new TxnRecord();
    private long scanned;
    private long redone;
    private long skippedByPageLsn;
    private long skippedByDirtyPageTable;
    private long nanos;
    private RecoveryProgressTracker progress;

    /** Reports each record read to {@code tracker}. */
    public RedoPass progress(final RecoveryProgressTracker tracker) {
        this.progress = tracker;
        return this;
    }

    public void run(final WalReader reader, final long endLsn, final Map<Long, Long> dirtyPages, final RecoveryHandler handler) {
        final long started = System.nanoTime();
        while (reader.position() < endLsn && reader.next(record)) {
            scanned++;
            if (progress != null) {
                progress.at(record.endLsn());
            }
            if (!TxnRecordType.changesPage(record.type())) {
                continue;
            }
            final Long recLsn = dirtyPages.get(record.pageId());
            if (recLsn == null || record.lsn() < recLsn) {
                skippedByDirtyPageTable++;
            } else if (handler.pageLsn(record.pageId()) >= record.lsn()) {
                skippedByPageLsn++;
            } else {
                handler.redo(view.wrap(record));
                redone++;
            }
        }
        nanos = System.nanoTime() - started;
    }

    public long scanned() {
        return scanned;
    }

    public long redone() {
        return redone;
    }

    public long skippedByPageLsn() {
        return skippedByPageLsn;
    }

    public long skippedByDirtyPageTable() {
        return skippedByDirtyPageTable;
    }

    public long nanos() {
        return nanos;
    }
}

package dev.mmwal.bench.txn;

import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnLog;
import dev.mmwal.txn.TxnRecord;

/**
 * The benchmarks' storage engine: pages in memory, each latched by its own monitor, never written
 * back (so every change is redone from the log at restart). Thread-safe.
 */
public final class MemoryPages implements RecoveryHandler {
    public static final int PAGE_SIZE = 4096;

    /** One page: its bytes, its page LSN and its recLsn (0: clean), guarded by the page's monitor. */
    private static final class Page {
        final byte[] data = new byte[PAGE_SIZE];
        long pageLsn;
        long recLsn;
    }

    private final Page[] pages;
    private TxnLog log;

    public MemoryPages(final int count) {
        pages = new Page[count];
        for (int i = 0; i < count; i++) {
            pages[i] = new Page();
        }
    }

    /** The log that gives recLsns to pages an undo dirties; set before recovery. */
    public void attach(final TxnLog txnLog) {
        this.log = txnLog;
    }

    /** Logs and applies an update of {@code after} at {@code offset}; {@code before} is the caller's scratch of the same length. */
    public long write(final Transaction txn, final int pageId, final int offset, final byte[] after, final byte[] before) {
        final Page page = pages[pageId];
        synchronized (page) {
            if (page.recLsn == 0) {
                page.recLsn = log.nextLsn();
            }
            System.arraycopy(page.data, offset, before, 0, after.length);
            final long lsn = log.update(txn, pageId, offset, before, after);
            System.arraycopy(after, 0, page.data, offset, after.length);
            page.pageLsn = lsn;
            return lsn;
        }
    }

    @Override
    public long pageLsn(final long pageId) {
        final Page page = pages[(int)pageId];
        synchronized (page) {
            return page.pageLsn;
        }
    }

    @Override
    public void redo(final TxnRecord record) {
        final Page page = pages[(int)record.pageId()];
        synchronized (page) {
            record.copyRedoImage(page.data, record.pageOffset());
            page.pageLsn = record.lsn();
            if (page.recLsn == 0) {
                page.recLsn = record.lsn();
            }
        }
    }

    @Override
    public void undo(final TxnRecord update, final Compensation clr) {
        final Page page = pages[(int)update.pageId()];
        synchronized (page) {
            if (page.recLsn == 0) {
                page.recLsn = log.nextLsn();
            }
            final long clrLsn = clr.log();
            update.copyUndoImage(page.data, update.pageOffset());
            page.pageLsn = clrLsn;
        }
    }

    @Override
    public void dirtyPages(final DirtyPageSink sink) {
        for (int i = 0; i < pages.length; i++) {
            final Page page = pages[i];
            final long recLsn;
            synchronized (page) {
                recLsn = page.recLsn;
            }
            if (recLsn != 0) {
                sink.dirtyPage(i, recLsn);
            }
        }
    }
}

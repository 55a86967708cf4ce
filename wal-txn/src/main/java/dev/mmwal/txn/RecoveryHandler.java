package dev.mmwal.txn;

/**
 * The page store a storage engine implements so the transaction layer can roll back and
 * recover its pages. Pages are identified by a {@code long}; each carries a page LSN: the LSN of
 * the last record applied to it (0 for a page never changed).
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #redo}: write the record's redo image at its page offset and set the page LSN to
 *   {@link TxnRecord#lsn()}. Called only when {@link #pageLsn} is below the record's LSN, so it is
 *   idempotent across repeated recoveries. Called for UPDATEs and CLRs alike (history is
 *   repeated, compensations included).</li>
 *   <li>{@link #undo}: under the page's latch, call {@link Compensation#log()} exactly once (it
 *   logs the CLR and returns its LSN), write the UPDATE's undo (before) image and set the page
 *   LSN to the CLR's LSN. Logging inside the latch keeps page LSNs monotonic: another
 *   transaction's change to the page cannot slip between the CLR and its application (the crash
 *   test found that a write-back in that gap made redo skip the CLR). Never called for a
 *   CLR.</li>
   *   <li>{@link #dirtyPages}: report every page changed in memory since it was last written back,
 *   with its recLsn: an LSN at or below every record whose change the disk copy lacks. For an
 *   update or an undo, take {@link TxnLog#nextLsn()} before logging the change that dirties a
 *   clean page (taking it after the record was logged is a race with a concurrent checkpoint);
 *   in {@link #redo}, the record's LSN.</li>
 *   <li>The WAL rule: before writing a page back to disk, call {@link TxnLog#awaitDurable(long)}
 *   with its page LSN.</li>
 * </ul>
 * Runtime rollbacks call {@link #undo} from the aborting thread, concurrently with the engine's
 * own page changes and with other rollbacks; latching pages is the engine's business. Recovery
 * calls {@link #redo} and {@link #undo} from one thread. Checkpoints call {@link #dirtyPages} from
 * the checkpointing thread while transactions run.
 */
public interface RecoveryHandler {
    /** The page LSN of {@code pageId} (0 when the page is new or never changed). */
    long pageLsn(long pageId);

    /** Applies the record's redo image and sets the page LSN to the record's LSN. */
    void redo(TxnRecord record);

    /**
     * Rolls back one UPDATE: latch the page, {@code long clrLsn = clr.log()}, apply the undo image,
     * set the page LSN to {@code clrLsn}, unlatch.
     */
    void undo(TxnRecord update, Compensation clr);

    /** Logs the CLR for the update being undone; valid only during {@link #undo}. */
    @FunctionalInterface
    interface Compensation {
        /** Appends the CLR (once) and returns its LSN. */
        long log();
    }

    /** Reports each dirty page with its recLsn, for a checkpoint. */
    void dirtyPages(DirtyPageSink sink);

    /** Receives one dirty page table entry. */
    @FunctionalInterface
    interface DirtyPageSink {
        void dirtyPage(long pageId, long recLsn);
    }
}

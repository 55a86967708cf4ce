package dev.mmwal.txn.internal;

import dev.mmwal.LogRecord;
import dev.mmwal.WalReader;
import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.TxnRecord;
import dev.mmwal.txn.TxnRecoveryException;
import dev.mmwal.txn.format.ClrDescriptor;
import dev.mmwal.txn.format.TxnRecordType;

/**
 * Undoes one transaction's records one at a time, following its undo-next chain: for each UPDATE
 * the handler latches the page, has the CLR logged (redo image = the before image, undoNextLsn =
 * the update's prevLsn) and applies the before image with the CLR's LSN. A CLR found on the chain is never undone:
 * the chain jumps to its undoNextLsn. Shared by runtime abort and restart undo.
 *
 * <p>Single-threaded: one instance per rolling-back thread. The CLR, the chain's new head and
 * the handler's page change happen under the transaction's lock, so a checkpoint that begins
 * after the CLR sees both the transaction's new state and the page dirty.
 */
public final class Rollback {
    private final RecordAppender appender;
    private final RecoveryHandler handler;
    private final WalReader reader;
    private final LogRecord record = new LogRecord();
    private final TxnRecord view = new TxnRecord();
    private final OneCompensation compensation = new OneCompensation();

    public Rollback(final RecordAppender appender, final RecoveryHandler handler) {
        this.appender = appender;
        this.handler = handler;
        this.reader = appender.wal().reader(appender.wal().firstLsn());
    }

    /**
     * Takes one step back along {@code txn}'s chain (which must not be at its start).
     *
     * @return the LSN of the CLR written, or 0 when the step only moved past a record with
     * nothing to undo.
     */
    public long step(final TxnState txn) {
        final long lsn = txn.undoNextLsn();
        reader.seek(lsn);
        if (!reader.next(record) || record.lsn() != lsn) {
            throw new TxnRecoveryException("undo chain leads to a record the log does not hold: txnId=" + txn.id() + ", lsn=" + lsn
                + ", firstLsn=" + appender.wal().firstLsn());
        }
        if (record.txnId() != txn.id()) {
            throw new TxnRecoveryException("undo chain leads to another transaction's record: txnId=" + txn.id() + ", lsn=" + lsn
                + ", recordTxnId=" + record.txnId() + ", type=" + TxnRecordType.name(record.type()));
        }
        final byte type = record.type();
        txn.lock();
        try {
            if (type == TxnRecordType.UPDATE) {
                compensation.arm(txn);
                handler.undo(view.wrap(record), compensation);
                final long clrLsn = compensation.disarm();
                txn.logged(clrLsn);
                txn.undoNextLsn(record.prevLsn());
                return clrLsn;
            }
            txn.undoNextLsn(type == TxnRecordType.CLR ? ClrDescriptor.undoNextLsn(record.buffer(), record.payloadOffset()) : record.prevLsn());
            return 0;
        } finally {
            txn.unlockRelease();
        }
    }

    /** The CLR logger handed to the handler: logs exactly once per undo call. */
    private final class OneCompensation implements RecoveryHandler.Compensation {
        private TxnState txn;
        private long clrLsn;

        void arm(final TxnState owner) {
            txn = owner;
            clrLsn = 0;
        }

        @Override
        public long log() {
            if (txn == null) {
                throw new IllegalStateException("CLR logged outside undo(), or twice: lsn=" + record.lsn());
            }
            clrLsn = appender.appendClr(txn, record);
            txn = null;
            return clrLsn;
        }

        long disarm() {
            final TxnState owner = txn;
            txn = null;
            if (owner != null) {
                throw new IllegalStateException("the handler's undo() did not log the CLR (Compensation.log()): txnId=" + owner.id()
                    + ", lsn=" + record.lsn());
            }
            return clrLsn;
        }
    }

    /** Logs END for a transaction whose chain is fully undone; returns its LSN. */
    public long end(final TxnState txn) {
        txn.lock();
        try {
            final long lsn = appender.appendEmpty(TxnRecordType.END, txn.id(), txn.lastLsn(), txn.claim());
            txn.logged(lsn);
            txn.status(TxnState.ENDED);
            return lsn;
        } finally {
            txn.unlockRelease();
        }
    }
}

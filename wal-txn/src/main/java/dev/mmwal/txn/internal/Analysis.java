package dev.mmwal.txn.internal;

import dev.mmwal.LogRecord;
import dev.mmwal.WalCorruptionException;
import dev.mmwal.WalReader;
import dev.mmwal.txn.TxnRecoveryException;
import dev.mmwal.txn.format.CheckpointDescriptor;
import dev.mmwal.txn.format.ClrDescriptor;
import dev.mmwal.txn.format.TxnRecordType;

import java.lang.foreign.MemorySegment;
import java.util.function.LongFunction;

/**
 * The ARIES analysis pass: loads the last complete checkpoint's transaction and dirty page
 * tables, then scans the log forward from its CHECKPOINT_BEGIN to the end, rebuilding both.
 * Writes nothing. Single-threaded.
 */
public final class Analysis {
    private final LongFunction<WalReader> readers;
    private final long firstLsn;
    private final boolean tolerateTornTail;
    private final LogRecord record = new LogRecord();
    private RecoveryProgressTracker progress;

    /**
     * @param readers          opens a reader at an LSN (the live log's or a read-only view's).
     * @param firstLsn         the first LSN the log still holds.
     * @param tolerateTornTail stop (and say where) at a damaged record instead of failing: for a
     *                         read-only view of a log wal-core has not recovered.
     */
    public Analysis(final LongFunction<WalReader> readers, final long firstLsn, final boolean tolerateTornTail) {
        this.readers = readers;
        this.firstLsn = firstLsn;
        this.tolerateTornTail = tolerateTornTail;
    }

    /** Reports each record read to {@code tracker} (the caller started it). */
    public Analysis progress(final RecoveryProgressTracker tracker) {
        this.progress = tracker;
        return this;
    }

    /** Where analysis starts reading: the checkpoint's CHECKPOINT_BEGIN, or the log's first LSN. */
    public static long scanStart(final ControlFile.State checkpoint, final long firstLsn) {
        return checkpoint == null ? firstLsn : checkpoint.beginLsn();
    }

    public AnalysisResult run(final ControlFile.State checkpoint) {
        final long started = System.nanoTime();
        final long scanFrom = scanStart(checkpoint, firstLsn);
        if (checkpoint != null && checkpoint.redoLsn() < firstLsn) {
            throw new TxnRecoveryException("the last checkpoint needs records the log no longer holds: checkpointLsn="
                + checkpoint.checkpointLsn() + ", redoLsn=" + checkpoint.redoLsn() + ", firstLsn=" + firstLsn);
        }
        final AnalysisResult result = new AnalysisResult(checkpoint, scanFrom);
        if (checkpoint != null) {
            loadCheckpoint(checkpoint, result);
        }
        scan(readers.apply(scanFrom), result);
        result.nanos = System.nanoTime() - started;
        return result;
    }

    private void loadCheckpoint(final ControlFile.State checkpoint, final AnalysisResult result) {
        final WalReader reader = readers.apply(checkpoint.checkpointLsn());
        if (!reader.next(record) || record.lsn() != checkpoint.checkpointLsn() || record.type() != TxnRecordType.CHECKPOINT_END) {
            throw new TxnRecoveryException("the control file names a checkpoint the log does not hold: checkpointLsn="
                + checkpoint.checkpointLsn() + ", firstLsn=" + firstLsn + ", found=" + (reader.position() > checkpoint.checkpointLsn()
                ? TxnRecordType.name(record.type()) + "@" + record.lsn() : "end of log"));
        }
        final MemorySegment buffer = record.buffer();
        final long payload = record.payloadOffset();
        final int txns = CheckpointDescriptor.txnCount(buffer, payload);
        final int pages = CheckpointDescriptor.dirtyPageCount(buffer, payload);
        if (CheckpointDescriptor.payloadLength(txns, pages) != record.payloadLength()) {
            throw new TxnRecoveryException("checkpoint payload length does not match its tables: lsn=" + record.lsn()
                + ", payloadLength=" + record.payloadLength() + ", txnCount=" + txns + ", dirtyPageCount=" + pages);
        }
        result.nextTxnId = Math.max(result.nextTxnId, CheckpointDescriptor.nextTxnId(buffer, payload));
        for (int i = 0; i < txns; i++) {
            final long entry = payload + CheckpointDescriptor.txnEntryOffset(i);
            final int status = CheckpointDescriptor.status(buffer, entry) == CheckpointDescriptor.STATUS_ABORTING ? TxnState.ABORTING : TxnState.ACTIVE;
            final TxnState txn = new TxnState(CheckpointDescriptor.txnId(buffer, entry), CheckpointDescriptor.firstLsn(buffer, entry),
                CheckpointDescriptor.lastLsn(buffer, entry), CheckpointDescriptor.undoNextLsn(buffer, entry), status);
            result.losers.put(txn.id(), txn);
        }
        for (int i = 0; i < pages; i++) {
            final long entry = payload + CheckpointDescriptor.dirtyPageEntryOffset(txns, i);
            result.dirtyPages.merge(CheckpointDescriptor.pageId(buffer, entry), CheckpointDescriptor.recLsn(buffer, entry), Math::min);
        }
    }

    private void scan(final WalReader reader, final AnalysisResult result) {
        while (true) {
            try {
                if (!reader.next(record)) {
                    break;
                }
            } catch (final WalCorruptionException ex) {
                if (!tolerateTornTail) {
                    throw ex;
                }
                result.tornTail = ex.getMessage();
                break;
            }
            result.recordsScanned++;
            result.endLsn = record.endLsn();
            apply(result);
            if (progress != null) {
                progress.at(record.endLsn());
            }
        }
        result.endLsn = Math.max(result.endLsn, reader.position());
    }

    private void apply(final AnalysisResult result) {
        final byte type = record.type();
        if (!TxnRecordType.isTxnRecord(type) || type == TxnRecordType.CHECKPOINT_BEGIN || type == TxnRecordType.CHECKPOINT_END) {
            return;
        }
        final long txnId = record.txnId();
        final long lsn = record.lsn();
        result.nextTxnId = Math.max(result.nextTxnId, txnId + 1);
        if (type == TxnRecordType.COMMIT || type == TxnRecordType.END) {
            result.losers.remove(txnId);
            if (type == TxnRecordType.COMMIT) {
                result.commitsSeen++;
            }
            return;
        }
        TxnState txn = result.losers.get(txnId);
        if (txn == null) {
            txn = new TxnState(txnId);
            result.losers.put(txnId, txn);
        }
        txn.logged(lsn);
        if (type == TxnRecordType.UPDATE) {
            txn.undoNextLsn(lsn);
            result.dirtyPages.putIfAbsent(record.pageId(), lsn);
        } else if (type == TxnRecordType.CLR) {
            txn.undoNextLsn(ClrDescriptor.undoNextLsn(record.buffer(), record.payloadOffset()));
            result.dirtyPages.putIfAbsent(record.pageId(), lsn);
        } else if (type == TxnRecordType.ABORT) {
            txn.status(TxnState.ABORTING);
        }
    }
}

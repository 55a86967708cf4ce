package dev.mmwal.txn.internal;

import dev.mmwal.AppendClaim;
import dev.mmwal.Wal;
import dev.mmwal.WalException;
import dev.mmwal.txn.Checkpoint;
import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.format.CheckpointDescriptor;
import dev.mmwal.txn.format.TxnRecordType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Takes fuzzy checkpoints while transactions run: CHECKPOINT_BEGIN; a snapshot of every live
 * transaction (each under its own lock, one at a time: no quiesce); the engine's dirty pages;
 * CHECKPOINT_END carrying both tables; waits until it is durable; names it in the control file;
 * then truncates the log below what recovery from it needs.
 *
 * <p>Why the order: a record reserved before CHECKPOINT_BEGIN was reserved inside its
 * transaction's lock, so the snapshot (which takes that lock after BEGIN) sees it; records after
 * BEGIN are scanned by analysis. Dirty pages are collected after the transactions, so a page a
 * rollback changed under its transaction's lock is already reported. For that, a rolled-back
 * transaction stays in the table (ENDED) until a checkpoint has taken its lock: this snapshot
 * removes it.
 *
 * <p>Thread-safe: checkpoints are serialized by this object's monitor (on-demand callers and the
 * automatic agent).
 */
public final class Checkpointer {
    private final RecordAppender appender;
    private final TransactionTable table;
    private final ControlFile controlFile;
    private final boolean truncate;
    private final AppendClaim claim = new AppendClaim();
    private long[] txns = new long[5 * 16];
    private int txnCount;
    private long[] pages = new long[2 * 64];
    private int pageCount;
    private volatile long retentionFloor = Long.MAX_VALUE;
    private volatile long lastTailLsn;
    private volatile long lastNanos = System.nanoTime();
    private volatile long lastBeginLsn;
    private volatile long lastRedoLsn;

    public Checkpointer(final RecordAppender appender, final TransactionTable table, final ControlFile controlFile, final boolean truncate) {
        this.appender = appender;
        this.table = table;
        this.controlFile = controlFile;
        this.truncate = truncate;
        this.lastTailLsn = appender.wal().tailLsn();
        final ControlFile.State named = controlFile.current();
        this.lastBeginLsn = named == null ? appender.wal().firstLsn() : named.beginLsn();
        this.lastRedoLsn = named == null ? appender.wal().firstLsn() : named.redoLsn();
    }

    /** The last complete checkpoint's CHECKPOINT_BEGIN: where analysis would start after a crash now. */
    public long lastBeginLsn() {
        return lastBeginLsn;
    }

    /** The last complete checkpoint's redo start (its smallest recLsn, at most its BEGIN). */
    public long lastRedoLsn() {
        return lastRedoLsn;
    }

    /** Truncation never removes records at or above {@code lsn} (e.g. a replica's position). */
    public void retentionFloor(final long lsn) {
        retentionFloor = lsn;
    }

    public long lastTailLsn() {
        return lastTailLsn;
    }

    public long lastNanos() {
        return lastNanos;
    }

    public synchronized Checkpoint take(final RecoveryHandler handler) {
        final Wal wal = appender.wal();
        final long beginLsn = appender.appendEmpty(TxnRecordType.CHECKPOINT_BEGIN, 0, 0, claim);
        snapshotTransactions();
        final long nextTxnId = table.nextIdAcquire();
        pageCount = 0;
        handler.dirtyPages(this::addDirtyPage);
        final long endLsn = appendEnd(beginLsn, nextTxnId);
        wal.awaitDurable(endLsn);
        final long redoLsn = Math.min(beginLsn, minRecLsn());
        try {
            controlFile.update(endLsn, beginLsn, redoLsn);
        } catch (final IOException ex) {
            throw new WalException("control file update failed: file=" + controlFile.file() + ", checkpointLsn=" + endLsn
                + ", cause=" + ex.getMessage(), ex);
        }
        lastBeginLsn = beginLsn;
        lastRedoLsn = redoLsn;
        final long truncateBefore = Math.min(Math.min(redoLsn, oldestFirstLsn()), Math.min(retentionFloor, wal.namedTailerFloor()));
        final int deleted = truncate ? wal.truncateBefore(truncateBefore) : 0;
        lastTailLsn = wal.tailLsn();
        lastNanos = System.nanoTime();
        return new Checkpoint(beginLsn, endLsn, redoLsn, txnCount, pageCount, truncateBefore, deleted);
    }

    private void snapshotTransactions() {
        txnCount = 0;
        table.forEach(this::snapshot);
    }

    private void snapshot(final TxnState txn) {
        txn.lock();
        try {
            if (txn.status() == TxnState.ENDED) {
                table.remove(txn);
                return;
            }
            if (txn.isLive() && txn.lastLsn() != 0) {
                if (txns.length < (txnCount + 1) * 5) {
                    txns = Arrays.copyOf(txns, txns.length * 2);
                }
                final int at = txnCount * 5;
                txns[at] = txn.id();
                txns[at + 1] = txn.firstLsn();
                txns[at + 2] = txn.lastLsn();
                txns[at + 3] = txn.undoNextLsn();
                txns[at + 4] = txn.status() == TxnState.ABORTING ? CheckpointDescriptor.STATUS_ABORTING : CheckpointDescriptor.STATUS_ACTIVE;
                txnCount++;
            }
        } finally {
            txn.unlockRelease();
        }
    }

    private void addDirtyPage(final long pageId, final long recLsn) {
        if (recLsn <= 0) {
            throw new IllegalArgumentException("dirty page reported without a recLsn: pageId=" + pageId + ", recLsn=" + recLsn);
        }
        if (pages.length < (pageCount + 1) * 2) {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        pages[pageCount * 2] = pageId;
        pages[pageCount * 2 + 1] = recLsn;
        pageCount++;
    }

    private long appendEnd(final long beginLsn, final long nextTxnId) {
        final long length = CheckpointDescriptor.payloadLength(txnCount, pageCount);
        if (length > Integer.MAX_VALUE) {
            throw new IllegalStateException("checkpoint too large for one record: transactions=" + txnCount + ", dirtyPages=" + pageCount);
        }
        appender.claim((int)length, claim);
        try {
            final MemorySegment buffer = claim.buffer();
            final long payload = claim.payloadOffset();
            CheckpointDescriptor.beginLsn(buffer, payload, beginLsn);
            CheckpointDescriptor.nextTxnId(buffer, payload, nextTxnId);
            CheckpointDescriptor.takenMillis(buffer, payload, System.currentTimeMillis());
            CheckpointDescriptor.txnCount(buffer, payload, txnCount);
            CheckpointDescriptor.dirtyPageCount(buffer, payload, pageCount);
            for (int i = 0; i < txnCount; i++) {
                CheckpointDescriptor.txnEntry(buffer, payload + CheckpointDescriptor.txnEntryOffset(i), txns[i * 5], txns[i * 5 + 1],
                    txns[i * 5 + 2], txns[i * 5 + 3], (int)txns[i * 5 + 4]);
            }
            for (int i = 0; i < pageCount; i++) {
                CheckpointDescriptor.dirtyPageEntry(buffer, payload + CheckpointDescriptor.dirtyPageEntryOffset(txnCount, i),
                    pages[i * 2], pages[i * 2 + 1]);
            }
            claim.type(TxnRecordType.CHECKPOINT_END).prevLsn(beginLsn);
        } catch (final RuntimeException ex) {
            claim.abort();
            throw ex;
        }
        return claim.commit();
    }

    private long minRecLsn() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < pageCount; i++) {
            min = Math.min(min, pages[i * 2 + 1]);
        }
        return min;
    }

    private long oldestFirstLsn() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < txnCount; i++) {
            min = Math.min(min, txns[i * 5 + 1]);
        }
        return min;
    }
}

package dev.mmwal.txn;

import dev.mmwal.Durability;
import dev.mmwal.Wal;
import dev.mmwal.WalException;
import dev.mmwal.WalMetrics;
import dev.mmwal.txn.internal.Analysis;
import dev.mmwal.txn.internal.AnalysisResult;
import dev.mmwal.txn.internal.CheckpointAgent;
import dev.mmwal.txn.internal.CheckpointPolicy;
import dev.mmwal.txn.internal.Checkpointer;
import dev.mmwal.txn.internal.ControlFile;
import dev.mmwal.txn.internal.RecordAppender;
import dev.mmwal.txn.internal.RecoveryProgressTracker;
import dev.mmwal.txn.internal.RecoveryTimePolicy;
import dev.mmwal.txn.internal.RedoPass;
import dev.mmwal.txn.internal.ReplayRate;
import dev.mmwal.txn.internal.Rollback;
import dev.mmwal.txn.internal.RollbackPool;
import dev.mmwal.txn.internal.TransactionTable;
import dev.mmwal.txn.internal.TxnState;
import dev.mmwal.txn.internal.UndoPass;
import dev.mmwal.txn.format.TxnRecordType;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.Objects;

/**
 * Transactions over an open {@link Wal}, with ARIES recovery: {@link #begin()},
 * {@link #update}, {@link #commit}, {@link #abort}, fuzzy {@link #checkpoint()}s and
 * {@link #recover(RecoveryHandler)}.
 *
 * <p><b>Lifecycle.</b> {@link #open(Wal, TxnConfig)} (after wal-core's own tail recovery, which
 * {@link Wal#open} did), then {@link #recover(RecoveryHandler)} once, before any transaction:
 * it rolls back what the last run left unfinished and binds the handler used by rollbacks and
 * checkpoints. {@link #close()} stops the checkpoint thread; the caller closes the {@link Wal}.
 *
 * <p><b>Threads.</b> Any number of threads run transactions at once, each transaction on one
 * thread at a time. {@link #commit} waits through the log's group commit (allocation-free);
 * many committers share each sync. Checkpoints run on the caller's thread or the checkpoint
 * agent's, beside transactions (fuzzy: no quiesce). Updates and commits allocate nothing;
 * {@link #begin()} allocates the transaction, {@link #begin(Transaction)} restarts a finished
 * one without allocating; {@link #abort} takes its undo reader from a pool.
 *
 * <p><b>Guarantees.</b> A transaction whose {@link #commit} returned survives a process crash
 * and (with the log's sync) power loss; one that did not commit is rolled back by the next
 * recovery, its pages restored through {@link RecoveryHandler#undo}. Pages may be written back
 * at any time (steal) provided the engine calls {@link #awaitDurable(long)} with the page LSN
 * first (the WAL rule); committing writes back nothing (no-force).
 */
public final class TxnLog implements AutoCloseable {
    /** The recovery-time trigger checkpoints at this fraction of the target (the rest is margin). */
    static final double RECOVERY_TARGET_HEADROOM = 0.5;

    private final Wal wal;
    private final TxnConfig config;
    private final RecordAppender appender;
    private final TransactionTable table = new TransactionTable(1);
    private final ControlFile controlFile;
    private final Checkpointer checkpointer;
    private final LongAdder records = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder aborts = new LongAdder();
    private final LongAdder clrs = new LongAdder();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong segmentsTruncated = new AtomicLong();
    private volatile RecoveryHandler handler;
    private volatile RollbackPool rollbacks;
    private volatile RecoveryStats lastRecovery;
    private final ReplayRate replayRate;
    private final RecoveryTimePolicy recoveryTimePolicy;
    private volatile RecoveryProgressTracker progress;
    private volatile Throwable checkpointFailure;
    private AgentRunner checkpointRunner;

    private TxnLog(final Wal wal, final TxnConfig config, final ControlFile controlFile) {
        this.wal = wal;
        this.config = config;
        this.appender = new RecordAppender(wal);
        this.controlFile = controlFile;
        this.checkpointer = new Checkpointer(appender, table, controlFile, config.truncateOnCheckpoint());
        this.replayRate = new ReplayRate(config.assumedReplayBytesPerSecond());
        this.recoveryTimePolicy = new RecoveryTimePolicy(config.recoveryTargetNanos(), RECOVERY_TARGET_HEADROOM);
    }

    /** The transaction layer over {@code wal}, with the default configuration. */
    public static TxnLog open(final Wal wal) {
        return open(wal, TxnConfig.defaults());
    }

    /** The transaction layer over {@code wal}; opens (creating if absent) its control file. */
    public static TxnLog open(final Wal wal, final TxnConfig config) {
        try {
            return new TxnLog(wal, config, ControlFile.open(config.controlFile(wal.config().directory()), wal.config().fileOps()));
        } catch (final IOException ex) {
            throw new WalException("cannot open the transaction control file: file=" + config.controlFile(wal.config().directory())
                + ", cause=" + ex.getMessage(), ex);
        }
    }

    // ---------------------------------------------------------------- recovery

    /**
     * ARIES restart: analysis from the last complete checkpoint, redo from the smallest recLsn
     * (repeating history, CLRs included), undo of every loser in one backward pass (CLRs, then
     * END per loser). Binds {@code handler} for rollbacks and checkpoints. Call once, before any
     * transaction.
     *
     * @throws TxnRecoveryException when the log contradicts what this layer wrote.
     */
    public synchronized RecoveryStats recover(final RecoveryHandler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("recover() already ran: dir=" + wal.config().directory());
        }
        final ControlFile.State checkpoint = controlFile.current();
        final RecoveryProgressTracker tracker = new RecoveryProgressTracker(System::nanoTime, replayRate.bytesPerSecond());
        progress = tracker;
        final long scanStart = Analysis.scanStart(checkpoint, wal.firstLsn());
        tracker.start(scanStart, wal.tailLsn());
        final AnalysisResult analysis = new Analysis(wal::reader, wal.firstLsn(), false).progress(tracker).run(checkpoint);
        table.advanceNextId(analysis.nextTxnId());
        final RedoPass redo = new RedoPass().progress(tracker);
        final long redoStart = analysis.redoStartLsn();
        final boolean redoRuns = !analysis.dirtyPages.isEmpty();
        tracker.plan(redoRuns ? redoStart : analysis.endLsn(), analysis.endLsn(), UndoPass.sweepBytes(analysis.losers.values()));
        tracker.enter(RecoveryProgress.Phase.REDO, redoRuns ? redoStart : analysis.endLsn());
        if (redoRuns) {
            redo.run(wal.reader(redoStart), analysis.endLsn(), analysis.dirtyPages, handler);
        }
        replayRate.recoverySample((analysis.endLsn() - scanStart) + (redoRuns ? analysis.endLsn() - redoStart : 0),
            analysis.nanos() + redo.nanos());
        tracker.enter(RecoveryProgress.Phase.UNDO, UndoPass.sweepStart(analysis.losers.values()));
        final UndoPass undo = new UndoPass().progress(tracker);
        try {
            undo.run(analysis.losers.values(), new Rollback(appender, handler), config.stopUndoAfterClrs());
        } finally {
            records.add(undo.undone() + undo.ends());
        }
        wal.flush();
        tracker.done();
        lastRecovery = new RecoveryStats(checkpoint == null ? 0 : checkpoint.checkpointLsn(), analysis.scanStartLsn, redoStart,
            analysis.endLsn(), analysis.nanos(), redo.nanos(), undo.nanos(), analysis.recordsScanned() + redo.scanned(), redo.redone(),
            redo.skippedByPageLsn(), undo.undone(), undo.undone(), undo.ends(), analysis.dirtyPages.size(), analysis.losers.size());
        this.rollbacks = new RollbackPool(appender, handler);
        this.handler = handler;
        if (config.checkpointAfterRecovery()) {
            checkpoint();
        }
        startCheckpointAgent();
        return lastRecovery;
    }

    private void startCheckpointAgent() {
        final CheckpointPolicy policy = new CheckpointPolicy(config.checkpointEveryBytes(), config.checkpointEveryNanos());
        if (!policy.enabled() && !recoveryTimePolicy.enabled()) {
            return;
        }
        final CheckpointAgent agent = new CheckpointAgent(policy, recoveryTimePolicy, replayRate, checkpointer, wal::tailLsn, wal::reader,
            this::checkpoint, System::nanoTime);
        checkpointRunner = new AgentRunner(new SleepingMillisIdleStrategy(10), error -> checkpointFailure = error, null, agent);
        AgentRunner.startOnThread(checkpointRunner, runnable -> {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
    }

    // ---------------------------------------------------------------- transactions

    /** Starts a transaction. Logs nothing until its first update. Allocates the transaction. */
    public Transaction begin() {
        requireRecovered();
        return new Transaction(table.begin());
    }

    /**
     * Starts a transaction in {@code reuse}, a handle from this log whose transaction has committed
     * or been rolled back: it gets a new id and no records. Allocates nothing: the way to begin on a
     * hot path. The caller owns the handle (one thread) and must not use the finished transaction
     * through it any more.
     *
     * @throws IllegalStateException if {@code reuse}'s transaction is still active or aborting.
     */
    public Transaction begin(final Transaction reuse) {
        requireRecovered();
        table.renew(reuse.state());
        return reuse;
    }

    /**
     * Logs an update of {@code before.length} bytes at {@code pageOffset} of {@code pageId} to
     * {@code after}; returns its LSN (the engine sets its page LSN to it). Waits out back-pressure.
     * The engine applies the change to its page itself, under its page latch.
     */
    public long update(final Transaction txn, final long pageId, final int pageOffset, final byte[] before, final byte[] after) {
        return update(txn, pageId, pageOffset, before, 0, before.length, after, 0, after.length);
    }

    /**
     * {@link #update(Transaction, long, int, byte[], byte[])} with each image a range of an array,
     * copied straight into the log: a page store logs the before image from its page without a
     * copy of its own. Allocates nothing.
     *
     * @param before       holds the before image at {@code [beforeOffset, beforeOffset + beforeLength)}.
     * @param beforeOffset where the before image starts in {@code before}.
     * @param beforeLength the before image's length.
     * @param after        holds the after image at {@code [afterOffset, afterOffset + afterLength)}.
     * @param afterOffset  where the after image starts in {@code after}.
     * @param afterLength  the after image's length.
     * @return the UPDATE's LSN.
     */
    public long update(final Transaction txn, final long pageId, final int pageOffset, final byte[] before, final int beforeOffset,
                       final int beforeLength, final byte[] after, final int afterOffset, final int afterLength) {
        Objects.checkFromIndexSize(beforeOffset, beforeLength, before.length);
        Objects.checkFromIndexSize(afterOffset, afterLength, after.length);
        final TxnState state = txn.state();
        checkOffset(pageOffset);
        state.lock();
        final long lsn;
        try {
            checkActive(state);
            lsn = appender.appendUpdate(state, pageId, pageOffset, before, beforeOffset, beforeLength, after, afterOffset, afterLength);
            state.loggedUndoable(lsn);
        } finally {
            state.unlockRelease();
        }
        updates.increment();
        records.increment();
        return lsn;
    }

    /** {@link #update(Transaction, long, int, byte[], byte[])} with the images in memory segments. */
    public long update(final Transaction txn, final long pageId, final int pageOffset, final MemorySegment before, final MemorySegment after) {
        final TxnState state = txn.state();
        checkOffset(pageOffset);
        state.lock();
        final long lsn;
        try {
            checkActive(state);
            lsn = appender.appendUpdate(state, pageId, pageOffset, before, after);
            state.loggedUndoable(lsn);
        } finally {
            state.unlockRelease();
        }
        updates.increment();
        records.increment();
        return lsn;
    }

    /**
     * Reserves an UPDATE for zero-copy encoding into {@code claim}; then write both images and
     * call {@link UpdateClaim#commit()} (or {@link UpdateClaim#abort()}). Does not block.
     *
     * @return the record's LSN (≥ 0), or {@link Wal#BACK_PRESSURED}, {@link Wal#NO_SEGMENT},
     * {@link Wal#CLOSED} or {@link Wal#FAILED} (the claim is then not active).
     */
    public long tryClaimUpdate(final Transaction txn, final long pageId, final int pageOffset, final int beforeLength,
                               final int afterLength, final UpdateClaim claim) {
        final TxnState state = txn.state();
        checkOffset(pageOffset);
        if (beforeLength < 0 || afterLength < 0) {
            throw new IllegalArgumentException("negative image length: beforeLength=" + beforeLength + ", afterLength=" + afterLength);
        }
        state.lock();
        final long lsn;
        try {
            checkActive(state);
            lsn = wal.tryClaim(beforeLength + afterLength, claim.appendClaim());
            if (lsn >= 0) {
                RecordAppender.updateHeader(state, claim.appendClaim(), pageId, pageOffset, beforeLength);
                claim.wrap(state, lsn, beforeLength, afterLength);
            }
        } catch (final RuntimeException ex) {
            state.unlockRelease();
            throw ex;
        }
        if (lsn < 0) {
            state.unlockRelease();
            return lsn;
        }
        updates.increment();
        records.increment();
        return lsn;
    }

    /**
     * Commits: logs COMMIT and returns once it is durable (group commit). Returns the COMMIT's LSN,
     * or 0 for a transaction that logged nothing.
     */
    public long commit(final Transaction txn) {
        return commit(txn, Durability.SYNC);
    }

    /**
     * Commits: logs COMMIT and returns once it is published ({@link Durability#NONE}: it survives a
     * process crash on the mapped write path, and reaches the disk with the log's next sync) or
     * durable ({@link Durability#SYNC}, group commit). Returns the COMMIT's LSN, or 0 for a
     * transaction that logged nothing.
     */
    public long commit(final Transaction txn, final Durability durability) {
        final TxnState state = txn.state();
        state.lock();
        final long lsn;
        try {
            checkActive(state);
            lsn = state.lastLsn() == 0 ? 0 : appender.appendEmpty(TxnRecordType.COMMIT, state.id(), state.lastLsn(), state.claim());
            if (lsn != 0) {
                state.logged(lsn);
            }
            state.status(TxnState.COMMITTED);
        } finally {
            state.unlockRelease();
        }
        table.remove(state);
        if (lsn != 0) {
            records.increment();
            if (durability == Durability.SYNC) {
                wal.awaitDurable(lsn);
            }
        }
        commits.increment();
        return lsn;
    }

    /**
     * Rolls back: logs ABORT, undoes every update newest first through the handler (a CLR each,
     * undoNextLsn = the undone update's prevLsn), then logs END. Returns END's LSN (0 for a
     * transaction that logged nothing). Does not wait for durability: a crash before END is
     * durable makes recovery finish the rollback.
     */
    public long abort(final Transaction txn) {
        final TxnState state = txn.state();
        state.lock();
        try {
            checkActive(state);
            if (state.lastLsn() == 0) {
                state.status(TxnState.ENDED);
                table.remove(state);
                aborts.increment();
                return 0;
            }
            state.logged(appender.appendEmpty(TxnRecordType.ABORT, state.id(), state.lastLsn(), state.claim()));
            state.status(TxnState.ABORTING);
        } finally {
            state.unlockRelease();
        }
        final RollbackPool pool = rollbacks;
        final Rollback rollback = pool.take();
        long written = 1;
        final long end;
        try {
            while (state.undoNextLsn() > 0) {
                if (rollback.step(state) != 0) {
                    clrs.increment();
                    written++;
                }
            }
            end = rollback.end(state);
        } finally {
            pool.give(rollback);
        }
        // Stays in the table (ENDED) until the next checkpoint removes it: that checkpoint then
        // takes this transaction's lock, which orders the handler's undo page changes before its
        // dirty page collection (a checkpoint iterating while this entry vanished would not).
        records.add(written + 1);
        aborts.increment();
        return end;
    }

    // ---------------------------------------------------------------- pages, checkpoints, truncation

    /** The WAL rule: blocks until the log is durable through {@code pageLsn}; call before writing a page back. */
    public void awaitDurable(final long pageLsn) {
        if (pageLsn > 0) {
            wal.awaitDurable(pageLsn);
        }
    }

    /** The LSN the next record will get at the earliest: a safe recLsn for a page about to be dirtied. */
    public long nextLsn() {
        return wal.tailLsn();
    }

    /**
     * Takes a fuzzy checkpoint now (transactions keep running), names it in the control file, then
     * truncates the log below what recovery needs (when configured).
     */
    public Checkpoint checkpoint() {
        final RecoveryHandler bound = requireRecovered();
        final Checkpoint taken = checkpointer.take(bound);
        checkpoints.incrementAndGet();
        segmentsTruncated.addAndGet(taken.segmentsDeleted());
        records.add(2);
        return taken;
    }

    /** Truncation keeps every record at or above {@code lsn} (Long.MAX_VALUE: no floor, the default). */
    public void retentionFloor(final long lsn) {
        checkpointer.retentionFloor(lsn);
    }

    // ---------------------------------------------------------------- state

    public TxnStats stats() {
        final WalMetrics metrics = wal.metrics();
        final long syncs = metrics.syncs();
        return new TxnStats(records.sum(), updates.sum(), commits.sum(), aborts.sum(), clrs.sum(), checkpoints.get(),
            segmentsTruncated.get(), table.size(), metrics.meanBatchRecords(), syncs == 0 ? 0 : (double)metrics.syncNanos() / syncs);
    }

    /**
     * Where {@link #recover} is (any thread, while it runs): phase, bytes done and planned, ETA.
     * {@link RecoveryProgress#NOT_STARTED} before it began; phase DONE after.
     */
    public RecoveryProgress recoveryProgress() {
        final RecoveryProgressTracker tracker = progress;
        return tracker == null ? RecoveryProgress.NOT_STARTED : tracker.snapshot();
    }

    /** How long a restart recovery would take after a crash now, at the replay rate measured online. */
    public RecoveryEstimate recoveryEstimate() {
        final long replay = RecoveryTimePolicy.replayBytes(wal.tailLsn(), checkpointer.lastBeginLsn(), checkpointer.lastRedoLsn());
        final double rate = replayRate.bytesPerSecond();
        return new RecoveryEstimate(replay, rate, replayRate.source(), RecoveryTimePolicy.estimateNanos(replay, rate),
            recoveryTimePolicy.targetNanos(), checkpointer.lastRedoLsn());
    }

    /** What {@link #recover} did; null before it ran. */
    public RecoveryStats lastRecovery() {
        return lastRecovery;
    }

    /** The last automatic checkpoint's failure, if any (null: none). */
    public Throwable checkpointFailure() {
        return checkpointFailure;
    }

    public Wal wal() {
        return wal;
    }

    /** Stops the checkpoint thread and closes the control file. Does not close the {@link Wal}. */
    @Override
    public void close() {
        if (checkpointRunner != null) {
            checkpointRunner.close();
        }
        try {
            controlFile.close();
        } catch (final IOException ex) {
            throw new UncheckedIOException("control file close failed: file=" + controlFile.file(), ex);
        }
    }

    private RecoveryHandler requireRecovered() {
        final RecoveryHandler bound = handler;
        if (bound == null) {
            throw new IllegalStateException("recover(handler) must run before transactions and checkpoints: dir=" + wal.config().directory());
        }
        return bound;
    }

    private static void checkActive(final TxnState state) {
        if (!state.isActive()) {
            throw new IllegalStateException("transaction is not active: txnId=" + state.id() + ", status=" + TxnState.statusName(state.status()));
        }
    }

    private static void checkOffset(final int pageOffset) {
        if (pageOffset < 0 || pageOffset > 0xFFFF) {
            throw new IllegalArgumentException("page offset out of range [0, 65535]: pageOffset=" + pageOffset);
        }
    }
}

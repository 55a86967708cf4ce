package dev.mmwal.txn.internal;

import dev.mmwal.AppendClaim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One transaction's entry in the transaction table: its id, status and the three LSNs ARIES
 * keeps (first, last, undo-next), plus the claim its owner appends through.
 *
 * <p><b>Threads.</b> One owner thread at a time runs the transaction (handing it to another
 * thread needs a happens-before edge, as for any object). The checkpointer reads the fields from
 * its own thread. Both hold the transaction's spin {@link #lock()} while they touch the fields,
 * and the owner holds it from reserving a record until the fields name it: so a checkpoint whose
 * CHECKPOINT_BEGIN lies after a record sees that record in the fields. Held for one append
 * (microseconds); the checkpointer spins then yields for it. Blocking in the strict sense, never
 * more than one append long.
 *
 * <p><b>Reuse.</b> A finished entry may be {@link #restart restarted} by its owner as a new
 * transaction (new id, LSNs cleared), under the lock: a checkpoint sees either the old, finished
 * transaction or the new one, never a mix.
 */
public final class TxnState {
    public static final int ACTIVE = 1;
    public static final int ABORTING = 2;
    public static final int COMMITTED = 3;
    public static final int ENDED = 4;

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(TxnState.class, "lock", int.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private long id;
    private int tableSlot = -1;
    private final AppendClaim claim = new AppendClaim();
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;
    private long firstLsn;
    private long lastLsn;
    private long undoNextLsn;
    private int status = ACTIVE;

    public TxnState(final long id) {
        this.id = id;
    }

    /** An entry rebuilt by recovery analysis. */
    public TxnState(final long id, final long firstLsn, final long lastLsn, final long undoNextLsn, final int status) {
        this.id = id;
        this.firstLsn = firstLsn;
        this.lastLsn = lastLsn;
        this.undoNextLsn = undoNextLsn;
        this.status = status;
    }

    public long id() {
        return id;
    }

    /** Makes this finished entry a new ACTIVE transaction {@code newId} with no records. Under the lock. */
    public void restart(final long newId) {
        id = newId;
        firstLsn = 0;
        lastLsn = 0;
        undoNextLsn = 0;
        status = ACTIVE;
    }

    /** Its slot in the {@link TransactionTable}, or -1 when not registered. */
    int tableSlot() {
        return tableSlot;
    }

    void tableSlot(final int slot) {
        tableSlot = slot;
    }

    /** The owner's reusable claim; use only while holding the lock. */
    public AppendClaim claim() {
        return claim;
    }

    /** Acquires the spin lock: CAS 0 to 1, spinning then yielding while another holder has it. */
    public void lock() {
        int spins = 0;
        while (!LOCK.compareAndSet(this, 0, 1)) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Releases the spin lock with a release store: the fields written under it are published. */
    public void unlockRelease() {
        LOCK.setRelease(this, 0);
    }

    /** Records that the owner appended a record at {@code lsn} that undo must visit. Under the lock. */
    public void loggedUndoable(final long lsn) {
        logged(lsn);
        undoNextLsn = lsn;
    }

    /** Records that the owner appended a record at {@code lsn} (the chain's new head). Under the lock. */
    public void logged(final long lsn) {
        if (firstLsn == 0) {
            firstLsn = lsn;
        }
        lastLsn = lsn;
    }

    public long firstLsn() {
        return firstLsn;
    }

    public long lastLsn() {
        return lastLsn;
    }

    public long undoNextLsn() {
        return undoNextLsn;
    }

    public void undoNextLsn(final long lsn) {
        undoNextLsn = lsn;
    }

    public int status() {
        return status;
    }

    public void status(final int value) {
        status = value;
    }

    /** True while the transaction may log updates. Under the lock. */
    public boolean isActive() {
        return status == ACTIVE;
    }

    /** True while recovery or a checkpoint must know about it: it may still need undo. Under the lock. */
    public boolean isLive() {
        return status == ACTIVE || status == ABORTING;
    }

    public static String statusName(final int status) {
        return switch (status) {
            case ACTIVE -> "ACTIVE";
            case ABORTING -> "ABORTING";
            case COMMITTED -> "COMMITTED";
            case ENDED -> "ENDED";
            default -> "UNKNOWN(" + status + ")";
        };
    }
}

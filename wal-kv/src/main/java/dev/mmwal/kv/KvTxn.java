package dev.mmwal.kv;

import dev.mmwal.kv.internal.ByteKey;
import dev.mmwal.kv.internal.LockOwner;
import dev.mmwal.txn.Transaction;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.List;

/**
 * One transaction of a {@link KvStore}, from {@link KvStore#begin()} to {@link KvStore#commit} or
 * {@link KvStore#rollback}. It holds its row locks until it ends (strict two-phase locking).
 *
 * <p>One thread at a time uses a transaction; {@link #id()} and {@link #isActive()} are safe from any.
 */
public final class KvTxn {
    static final int ACTIVE = 0;
    static final int COMMITTED = 1;
    static final int ROLLED_BACK = 2;

    final KvStore store;
    final Transaction txn;
    final LockOwner owner;
    /** Slots this transaction's deletes freed, and their keys: unindexed and reusable once it commits. */
    final LongArrayList freed = new LongArrayList();
    final List<ByteKey> freedKeys = new ArrayList<>(2);
    private volatile int status = ACTIVE;

    KvTxn(final KvStore store, final Transaction txn) {
        this.store = store;
        this.txn = txn;
        this.owner = new LockOwner(txn.id());
    }

    /** The wal-txn transaction id (unique across restarts). */
    public long id() {
        return txn.id();
    }

    public boolean isActive() {
        return status == ACTIVE;
    }

    int status() {
        return status;
    }

    void status(final int value) {
        status = value;
    }

    String statusName() {
        return switch (status) {
            case ACTIVE -> "ACTIVE";
            case COMMITTED -> "COMMITTED";
            default -> "ROLLED_BACK";
        };
    }

    @Override
    public String toString() {
        return "KvTxn{id=" + id() + ", status=" + statusName() + "}";
    }
}

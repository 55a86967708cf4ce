package dev.mmwal.kv;

import dev.mmwal.kv.format.SlotDescriptor;
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
 * <p><b>Reuse.</b> A finished transaction object can start the next transaction:
 * {@link KvStore#begin(KvTxn)}. It then keeps its wal-txn handle, lock list, lookup key and row
 * image buffers, so a transaction on existing rows allocates nothing. The object belongs to the
 * caller that passes it back (one thread at a time, typically one per thread); after
 * {@code begin(txn)} every reference to it means the new transaction.
 *
 * <p>One thread at a time uses a transaction; {@link #id()} and {@link #isActive()} are safe from any.
 */
public final class KvTxn {
    static final int ACTIVE = 0;
    static final int COMMITTED = 1;
    static final int ROLLED_BACK = 2;

    final KvStore store;
    Transaction txn;
    final LockOwner owner;
    /** Slots this transaction's deletes freed, and their keys: unindexed and reusable once it commits. */
    final LongArrayList freed = new LongArrayList();
    final List<ByteKey> freedKeys = new ArrayList<>(2);
    /** The lookup key, rewrapped for each operation (never stored). */
    final ByteKey probe;
    /** Row images of the last few value lengths used, reused (a store writes exact-length images). */
    private final byte[][] images = new byte[4][];
    private int nextImage;
    private final int maxKeySize;
    private volatile int status = ACTIVE;

    KvTxn(final KvStore store, final Transaction txn, final int maxKeySize) {
        this.store = store;
        this.txn = txn;
        this.owner = new LockOwner(txn.id());
        this.probe = ByteKey.probe(maxKeySize);
        this.maxKeySize = maxKeySize;
    }

    /** Starts the next transaction {@code next} (the same wal-txn handle, restarted) in this object. */
    void restart(final Transaction next) {
        txn = next;
        owner.reset(next.id());
        freed.clear();
        freedKeys.clear();
        status = ACTIVE;
    }

    /** The reusable slot image for a value of {@code valueLength} bytes: header, key region, value. */
    byte[] image(final int valueLength) {
        final int length = SlotDescriptor.KEY_OFFSET + maxKeySize + valueLength;
        for (final byte[] image : images) {
            if (image != null && image.length == length) {
                return image;
            }
        }
        final byte[] image = new byte[length];
        images[nextImage] = image;
        nextImage = (nextImage + 1) % images.length;
        return image;
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

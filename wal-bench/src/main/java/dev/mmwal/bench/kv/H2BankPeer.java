package dev.mmwal.bench.kv;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.MetaType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * H2 MVStore's {@link TransactionStore} running the same transfer: both accounts locked in account
 * order with {@link TransactionMap#lock} (a row lock that waits up to the store's lock timeout), two
 * puts and a transfer row, {@link Transaction#commit}, then {@link MVStore#commit()} (serializes the
 * changed pages into a new chunk and writes it to the file, waiting for the write) and
 * {@link MVStore#sync()} ({@code FileChannel.force(true)}: {@code fsync}). Background auto-commit is
 * off, so only these calls write. MVStore has no group commit: a thread whose {@code commit()} found
 * its changes already written by another thread's chunk returns at once, but every transfer still
 * pays its own {@code fsync}. Overdrafts and lock timeouts roll back.
 *
 * <p>Threads: any number call {@link #transfer}.
 */
final class H2BankPeer implements BankPeer {
    private static final String ACCOUNTS_MAP = "accounts";
    private static final String TRANSFERS_MAP = "transfers";
    private static final int LOCK_TIMEOUT_MILLIS = 1000;

    private final MVStore store;
    private final TransactionStore txns;

    H2BankPeer(final Path dir) {
        this.store = new MVStore.Builder().fileName(dir.resolve("bank.mv.db").toString()).autoCommitDisabled().open();
        this.txns = new TransactionStore(store, new MetaType<>(null, null), new ObjectDataType(), LOCK_TIMEOUT_MILLIS);
        txns.init();
        final Transaction txn = txns.begin();
        final TransactionMap<Long, Long> accounts = accounts(txn);
        for (long account = 0; account < ACCOUNTS; account++) {
            accounts.put(account, BALANCE);
        }
        transfers(txn);
        txn.commit();
        store.commit();
        store.sync();
    }

    @Override
    public boolean transfer(final SplittableRandom random, final long transferId) {
        final int from = random.nextInt(ACCOUNTS);
        int to = random.nextInt(ACCOUNTS - 1);
        to += to >= from ? 1 : 0;
        final long amount = 1 + random.nextLong(BALANCE / 2);
        final Transaction txn = txns.begin();
        try {
            final TransactionMap<Long, Long> accounts = accounts(txn);
            final long low = balance(accounts.lock((long)Math.min(from, to)));
            final long high = balance(accounts.lock((long)Math.max(from, to)));
            final long fromBalance = from < to ? low : high;
            final long toBalance = from < to ? high : low;
            accounts.put((long)from, fromBalance - amount);
            accounts.put((long)to, toBalance + amount);
            if (fromBalance - amount < 0) {
                txn.rollback();
                return false;
            }
            transfers(txn).put(transferId, ByteBuffer.allocate(24).putLong(from).putLong(to).putLong(amount).array());
            txn.commit();
        } catch (final MVStoreException ex) {
            txn.rollback(); // lock timeout
            return false;
        }
        store.commit();
        store.sync();
        return true;
    }

    @Override
    public long totalBalance() {
        final Transaction txn = txns.begin();
        try {
            long total = 0;
            final TransactionMap<Long, Long> accounts = accounts(txn);
            for (long account = 0; account < ACCOUNTS; account++) {
                total += balance(accounts.get(account));
            }
            return total;
        } finally {
            txn.commit();
        }
    }

    private static TransactionMap<Long, Long> accounts(final Transaction txn) {
        return txn.openMap(ACCOUNTS_MAP, LongDataType.INSTANCE, LongDataType.INSTANCE);
    }

    private static TransactionMap<Long, byte[]> transfers(final Transaction txn) {
        return txn.openMap(TRANSFERS_MAP, LongDataType.INSTANCE, ByteArrayDataType.INSTANCE);
    }

    private static long balance(final Long value) {
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        txns.close();
        store.close();
    }
}

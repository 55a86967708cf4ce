package dev.mmwal.bench.kv;

import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * LMDB (lmdbjava) running the same transfer: one write transaction per transfer, both accounts read
 * and written, a transfer row, {@code commit}. The environment has the default flags (no
 * {@code MDB_NOSYNC}, no {@code MDB_NOMETASYNC}): a commit writes its dirty pages, {@code fdatasync}s
 * the data file and then writes the meta page through a descriptor opened {@code O_DSYNC}, so two
 * syncs per commit. LMDB admits one write transaction at a time (a process-wide mutex taken by
 * {@code txnWrite} and released by {@code commit}): there is no group commit, and concurrent transfers
 * queue on that mutex, which is part of what is measured. Overdrafts abort the transaction.
 *
 * <p>Threads: any number call {@link #transfer}; each uses its own direct key and value buffers.
 */
final class LmdbBankPeer implements BankPeer {
    private static final long MAP_SIZE = 4L << 30;

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> accounts;
    private final Dbi<ByteBuffer> transfers;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    LmdbBankPeer(final Path dir) {
        this.env = Env.create().setMapSize(MAP_SIZE).setMaxDbs(2).setMaxReaders(256).open(dir.toFile());
        this.accounts = env.openDbi("accounts", DbiFlags.MDB_CREATE);
        this.transfers = env.openDbi("transfers", DbiFlags.MDB_CREATE);
        final Buffers own = buffers.get();
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            for (int account = 0; account < ACCOUNTS; account++) {
                accounts.put(txn, own.account(account), own.balance(BALANCE));
            }
            txn.commit();
        }
    }

    @Override
    public boolean transfer(final SplittableRandom random, final long transferId) {
        final int from = random.nextInt(ACCOUNTS);
        int to = random.nextInt(ACCOUNTS - 1);
        to += to >= from ? 1 : 0;
        final long amount = 1 + random.nextLong(BALANCE / 2);
        final Buffers own = buffers.get();
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            final long fromBalance = balance(accounts.get(txn, own.account(from)));
            final long toBalance = balance(accounts.get(txn, own.account(to)));
            accounts.put(txn, own.account(from), own.balance(fromBalance - amount));
            accounts.put(txn, own.account(to), own.balance(toBalance + amount));
            if (fromBalance - amount < 0) {
                txn.abort();
                return false;
            }
            transfers.put(txn, own.transferKey(transferId), own.transferValue(from, to, amount));
            txn.commit();
            return true;
        }
    }

    @Override
    public long totalBalance() {
        long total = 0;
        final Buffers own = buffers.get();
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            for (int account = 0; account < ACCOUNTS; account++) {
                total += balance(accounts.get(txn, own.account(account)));
            }
        }
        return total;
    }

    private static long balance(final ByteBuffer value) {
        return value == null ? 0 : value.order(ByteOrder.BIG_ENDIAN).getLong(0);
    }

    @Override
    public void close() {
        accounts.close();
        transfers.close();
        env.close();
    }

    /** One thread's direct buffers: LMDB copies keys and values out of them on put. */
    private static final class Buffers {
        private final ByteBuffer key = ByteBuffer.allocateDirect(9);
        private final ByteBuffer value = ByteBuffer.allocateDirect(24);

        ByteBuffer account(final int account) {
            return key.clear().put((byte)'a').putInt(account).flip();
        }

        ByteBuffer balance(final long balance) {
            return value.clear().putLong(balance).flip();
        }

        ByteBuffer transferKey(final long transferId) {
            return key.clear().put((byte)'t').putLong(transferId).flip();
        }

        ByteBuffer transferValue(final long from, final long to, final long amount) {
            return value.clear().putLong(from).putLong(to).putLong(amount).flip();
        }
    }
}

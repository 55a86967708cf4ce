package dev.mmwal.kv.bank;

import dev.mmwal.kv.KvCodec;
import dev.mmwal.kv.KvConfig;
import dev.mmwal.kv.KvEntry;
import dev.mmwal.kv.KvLockException;
import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.KvTable;
import dev.mmwal.kv.KvTxn;
import dev.mmwal.kv.SyncMode;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bank's schema and its one transaction. Tables: {@code accounts} (account number to balance),
 * {@code transfers} (transfer id to from, to, amount: written in the transfer's own transaction, so
 * the audit can replay every committed transfer), {@code bank} (the account count and initial
 * balance).
 *
 * <p>A transfer locks both accounts exclusively in account order (so transfers do not deadlock
 * each other), debits and credits, and rolls back when the debit would leave a negative balance.
 *
 * <p>Threads: any number of threads call {@link #transfer} at once.
 */
public final class Bank {
    /** How a transfer ended. */
    public enum Outcome { COMMITTED, REJECTED, RETRY }

    static final String ACCOUNTS = "accounts";
    static final String TRANSFERS = "transfers";
    /** Rows of the child's never-committed transaction: recovery must undo every one. */
    static final String PENDING = "pending";
    static final String META = "bank";
    private static final int TRANSFER_LENGTH = 24;

    private final KvStore store;
    private final KvTable accounts;
    private final KvTable transfers;
    private final KvTable pending;
    private final int accountCount;
    private final long initialBalance;
    /** Each thread's reused transaction and row buffers: a transfer allocates only its new transfer row's index entry. */
    private final ThreadLocal<Teller> tellers = ThreadLocal.withInitial(Teller::new);

    /** One thread's reusable state (owned by that thread). */
    private static final class Teller {
        KvTxn txn;
        final byte[] key = new byte[8];
        final byte[] row = new byte[TRANSFER_LENGTH];
    }

    private Bank(final KvStore store, final int accountCount, final long initialBalance) {
        this.store = store;
        this.accounts = store.table(ACCOUNTS);
        this.transfers = store.table(TRANSFERS);
        this.pending = store.openTable(PENDING);
        this.accountCount = accountCount;
        this.initialBalance = initialBalance;
    }

    /** The store configuration the bank uses: small slots (16-byte keys, 24-byte values), 16 MiB log segments, a checkpoint every 2 s. */
    public static KvConfig.Builder config(final Path directory) {
        return KvConfig.builder(directory).maxKeySize(16).maxValueSize(TRANSFER_LENGTH).segmentSize(16L << 20).checkpointEveryMillis(2000);
    }

    /** Opens the bank in {@code store}, creating {@code accountCount} accounts of {@code initialBalance} if it has none. */
    public static Bank open(final KvStore store, final int accountCount, final long initialBalance) {
        if (store.tables().contains(META)) {
            final KvTable meta = store.table(META);
            final KvTxn txn = store.begin();
            final long count = store.getLong(txn, meta, 0, -1);
            final long initial = store.getLong(txn, meta, 1, -1);
            store.commit(txn, SyncMode.NONE);
            return new Bank(store, (int)count, initial);
        }
        final KvTable accountTable = store.openTable(ACCOUNTS);
        store.openTable(TRANSFERS);
        for (int first = 0; first < accountCount; first += 1000) {
            final KvTxn txn = store.begin();
            for (int account = first; account < Math.min(accountCount, first + 1000); account++) {
                store.putLong(txn, accountTable, account, initialBalance);
            }
            store.commit(txn, SyncMode.DURABLE);
        }
        final KvTable meta = store.createTable(META); // last: its presence says the bank is complete
        final KvTxn txn = store.begin();
        store.putLong(txn, meta, 0, accountCount);
        store.putLong(txn, meta, 1, initialBalance);
        store.commit(txn, SyncMode.DURABLE);
        return new Bank(store, accountCount, initialBalance);
    }

    /**
     * A base for this run's transfer ids, unique across runs of the store: a counter in the
     * {@code bank} table, incremented durably. A run's ids are {@code base + thread * 2^32 + n}.
     */
    public long reserveIdBase() {
        final KvTable meta = store.table(META);
        final KvTxn txn = store.begin();
        final long runs = store.getLongForUpdate(txn, meta, 2, 0) + 1;
        store.putLong(txn, meta, 2, runs);
        store.commit(txn, SyncMode.DURABLE);
        return runs << 42;
    }

    public int accounts() {
        return accountCount;
    }

    public long initialBalance() {
        return initialBalance;
    }

    /** Moves a random amount between two random accounts; {@code sink} hears of it once committed. */
    public Outcome transfer(final SplittableRandom random, final long transferId, final SyncMode mode, final TransferSink sink) {
        final int from = random.nextInt(accountCount);
        int to = random.nextInt(accountCount - 1);
        to += to >= from ? 1 : 0;
        final long amount = 1 + random.nextLong(Math.max(1, initialBalance / 2));
        final Teller teller = tellers.get();
        final KvTxn txn = teller.txn == null ? store.begin() : store.begin(teller.txn);
        teller.txn = txn;
        try {
            final long low = store.getLongForUpdate(txn, accounts, Math.min(from, to), 0);
            final long high = store.getLongForUpdate(txn, accounts, Math.max(from, to), 0);
            final long fromBalance = from < to ? low : high;
            final long toBalance = from < to ? high : low;
            store.putLong(txn, accounts, from, fromBalance - amount);
            store.putLong(txn, accounts, to, toBalance + amount);
            if (fromBalance - amount < 0) {
                store.rollback(txn); // insufficient funds: both writes undone
                return Outcome.REJECTED;
            }
            KvCodec.putLong(teller.key, 0, KvCodec.keyBits(transferId));
            encode(teller.row, from, to, amount);
            store.put(txn, transfers, teller.key, teller.row);
            store.commit(txn, mode);
        } catch (final KvLockException ex) {
            if (txn.isActive()) {
                store.rollback(txn);
            }
            return Outcome.RETRY;
        }
        sink.committed(transferId, from, to, amount);
        return Outcome.COMMITTED;
    }

    /**
     * Writes a row of {@code pending} every {@code periodMillis} in one transaction that never
     * commits, until interrupted (then rolls it back): a loser for recovery to undo when the process
     * is killed meanwhile.
     */
    public void holdUncommitted(final long periodMillis) {
        final KvTxn txn = store.begin();
        try {
            for (long row = 0; !Thread.currentThread().isInterrupted(); row++) {
                store.putLong(txn, pending, row, row);
                Thread.sleep(periodMillis);
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            store.rollback(txn);
        }
    }

    /** Hears of each committed transfer, after its commit returned. */
    @FunctionalInterface
    public interface TransferSink {
        void committed(long transferId, int from, int to, long amount);
    }

    private static byte[] encode(final byte[] row, final long from, final long to, final long amount) {
        KvCodec.putLong(row, 0, from);
        KvCodec.putLong(row, 8, to);
        KvCodec.putLong(row, 16, amount);
        return row;
    }

    /**
     * Audits the bank: total money, no negative balance, every account equal to the initial balance
     * replayed through every committed transfer (no partial transfer), every acknowledged transfer
     * present with its amounts.
     */
    public BankAudit audit(final List<long[]> acknowledged) {
        final KvTxn txn = store.begin();
        try {
            final long[] balances = new long[accountCount];
            final List<KvEntry> accountRows = store.scan(txn, accounts, null, null);
            for (final KvEntry row : accountRows) {
                balances[(int)KvCodec.keyToLong(row.key())] = KvCodec.toLong(row.value());
            }
            final Map<Long, long[]> committed = new HashMap<>();
            final long[] replay = new long[accountCount];
            java.util.Arrays.fill(replay, initialBalance);
            for (final KvEntry row : store.scan(txn, transfers, null, null)) {
                final ByteBuffer value = ByteBuffer.wrap(row.value());
                final long[] transfer = {value.getLong(), value.getLong(), value.getLong()};
                committed.put(KvCodec.keyToLong(row.key()), transfer);
                replay[(int)transfer[0]] -= transfer[2];
                replay[(int)transfer[1]] += transfer[2];
            }
            final int uncommitted = store.scan(txn, pending, null, null).size();
            return check(accountRows.size(), balances, replay, committed, acknowledged, uncommitted);
        } finally {
            store.commit(txn, SyncMode.NONE);
        }
    }

    private BankAudit check(final int rows, final long[] balances, final long[] replay, final Map<Long, long[]> committed,
                            final List<long[]> acknowledged, final int uncommitted) {
        final List<String> problems = new ArrayList<>();
        long total = 0;
        long negative = 0;
        long partial = 0;
        for (int account = 0; account < accountCount; account++) {
            total += balances[account];
            if (balances[account] < 0) {
                negative++;
                note(problems, "negative balance: account=" + account + ", balance=" + balances[account]);
            }
            if (balances[account] != replay[account]) {
                partial++;
                note(problems, "balance disagrees with the committed transfers: account=" + account + ", balance=" + balances[account]
                    + ", replayed=" + replay[account]);
            }
        }
        long missing = 0;
        for (final long[] ack : acknowledged) {
            final long[] found = committed.get(ack[0]);
            if (found == null || found[0] != ack[1] || found[1] != ack[2] || found[2] != ack[3]) {
                missing++;
                note(problems, "acknowledged transfer " + (found == null ? "missing" : "differs") + ": transferId=" + ack[0] + ", from=" + ack[1]
                    + ", to=" + ack[2] + ", amount=" + ack[3]);
            }
        }
        if (rows != accountCount) {
            note(problems, "accounts missing: found=" + rows + ", expected=" + accountCount);
        }
        final long expectedTotal = (long)accountCount * initialBalance;
        if (total != expectedTotal) {
            note(problems, "money not conserved: total=" + total + ", expected=" + expectedTotal);
        }
        if (uncommitted != 0) {
            note(problems, "rows of a transaction that never committed survived: table=" + PENDING + ", rows=" + uncommitted);
        }
        return new BankAudit(accountCount, rows, total, expectedTotal, negative, committed.size(), partial + uncommitted, acknowledged.size(),
            missing, problems);
    }

    private static void note(final List<String> problems, final String problem) {
        if (problems.size() < 10) {
            problems.add(problem);
        }
    }
}

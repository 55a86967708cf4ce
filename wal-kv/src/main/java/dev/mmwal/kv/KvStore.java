package dev.mmwal.kv;

import dev.mmwal.Durability;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalMetrics;
import dev.mmwal.kv.format.SlotDescriptor;
import dev.mmwal.kv.internal.ByteKey;
import dev.mmwal.kv.internal.CheckpointAgent;
import dev.mmwal.kv.internal.LockManager;
import dev.mmwal.kv.internal.PageFile;
import dev.mmwal.kv.internal.PageStore;
import dev.mmwal.kv.internal.RowIndex;
import dev.mmwal.txn.Checkpoint;
import dev.mmwal.txn.RecoveryStats;
import dev.mmwal.txn.TxnConfig;
import dev.mmwal.txn.TxnLog;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A transactional key-value store on wal-txn: named tables of byte keys and values, transactions
 * under strict two-phase locking, ordered scans, commits durable through group commit, and ARIES
 * recovery from a page file plus the log. The whole state lives in memory (pages of fixed-size
 * slots and an ordered key index); the page file and the log make it durable.
 *
 * <pre>{@code
 * try (KvStore store = KvStore.open(KvConfig.builder(dir).build())) {
 *     KvTable accounts = store.createTable("accounts");
 *     KvTxn txn = store.begin();
 *     store.putLong(txn, accounts, 42, 1_000);
 *     store.commit(txn);                      // durable when it returns
 * }
 * }</pre>
 *
 * <p><b>Isolation.</b> Reads take shared row locks, writes exclusive ones, all held to the end of
 * the transaction: point operations are serializable (no dirty read, no lost update, repeatable
 * reads). {@link #scan} locks the rows it returns, not the gaps between them: a concurrent insert
 * into the range can appear in a later scan of the same transaction (phantoms are allowed).
 * Deadlocks are detected on the wait-for graph; the refused transaction gets a
 * {@link KvLockException} and must roll back.
 *
 * <p><b>Threads.</b> Any number of threads run transactions at once, each transaction on one
 * thread at a time. Table creation and drop are serialized with each other; dropping a table
 * while transactions still write to it is not supported.
 *
 * <p><b>Allocation.</b> A transaction begun with {@link #begin(KvTxn)} (a finished transaction
 * object reused) that reads and updates existing rows through the long-typed methods
 * ({@link #getLong}, {@link #getLongForUpdate}, {@link #putLong}) and commits allocates nothing in
 * this class: lookups use the transaction's reusable key, locks come from a pool, row images from
 * the transaction's buffers, and the commit wait is wal-core's. What still allocates, by design:
 * {@link #begin()} (a new transaction object), inserting a new row (its index entry), deletes
 * (the freed key), rollback (wal-txn's undo reader and the undo notices), the byte-array and String
 * forms (the arrays and Strings they return), {@link #scan} (its entries), and a lock that must
 * wait (deadlock detection). See docs/kv.md for the figures.
 */
public final class KvStore implements AutoCloseable {
    /** The catalog's table id: its rows map table names to ids. */
    static final int CATALOG = 0;
    private static final int MAX_TABLES = 0xFFFF;
    private static final long STOP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A delete's image: a slot header with used = 0 (read only). */
    private static final byte[] FREED_HEADER = new byte[SlotDescriptor.HEADER_LENGTH];
    private static final int LONG_BYTES = 8;

    private final KvConfig config;
    private final PageFile pageFile;
    private final Wal wal;
    private final TxnLog log;
    private final PageStore pages;
    private final RowIndex index = new RowIndex();
    private final LockManager locks;
    private final int maxKeySize;
    private final int maxValueSize;
    private final Map<String, KvTable> byName = new ConcurrentHashMap<>();
    private final Map<Integer, KvTable> byId = new ConcurrentHashMap<>();
    private final AtomicInteger nextTableId = new AtomicInteger(1);
    private final Object catalogLock = new Object();
    private final Object checkpointLock = new Object();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong pagesWritten = new AtomicLong();
    private final KvRecovery recovery;
    private volatile boolean closed;
    private volatile Throwable checkpointFailure;
    private AgentRunner checkpointRunner;

    private KvStore(final KvConfig config, final PageFile pageFile, final Wal wal, final TxnLog log) {
        this.config = config;
        this.pageFile = pageFile;
        this.wal = wal;
        this.log = log;
        this.maxKeySize = pageFile.maxKeySize();
        this.maxValueSize = pageFile.maxValueSize();
        this.pages = new PageStore(pageFile.pageSize(), maxKeySize, maxValueSize, pageFile.storeId());
        this.locks = new LockManager(config.lockTimeoutNanos(), maxKeySize);
        this.recovery = recover();
    }

    /**
     * Opens the store in {@code config.directory()}, creating it if new: loads the page file (a
     * torn page is repaired from the doublewrite file, or started empty for redo to rebuild from its
     * full-page image, by {@link KvConfig#tornPageProtection}), runs wal-txn recovery (redo from the dirty page table, undo of
     * the transactions the last run left unfinished, with CLRs), rebuilds the key index, then
     * checkpoints and starts the checkpoint thread.
     *
     * @throws KvException for a page file of another store or version, or a damaged one.
     */
    public static KvStore open(final KvConfig config) {
        final PageFile file = PageFile.open(config);
        Wal wal = null;
        TxnLog log = null;
        try {
            wal = Wal.open(walConfig(config));
            log = TxnLog.open(wal, TxnConfig.builder().manualCheckpointsOnly().checkpointAfterRecovery(false).build());
            final KvStore store = new KvStore(config, file, wal, log);
            store.startCheckpointAgent();
            return store;
        } catch (final RuntimeException ex) {
            if (log != null) {
                log.close();
            }
            if (wal != null) {
                wal.close();
            }
            file.close();
            throw ex;
        }
    }

    private static WalConfig walConfig(final KvConfig config) {
        final WalConfig.Builder builder = WalConfig.builder(config.directory().resolve("log")).segmentSize(config.segmentSize())
            .fileOps(config.fileOps());
        if (config.syncMode() == SyncMode.NONE) {
            builder.maxUnsyncedNanos(0);
        }
        return builder.build();
    }

    private KvRecovery recover() {
        final long loadStart = System.nanoTime();
        final int filePages = Math.toIntExact(pageFile.pageCount());
        final int torn = pages.load(pageFile);
        final long loadNanos = System.nanoTime() - loadStart;
        pages.attach(log);
        final RecoveryStats aries = log.recover(pages);
        final long indexStart = System.nanoTime();
        final long rows = index.rebuild(pages);
        loadCatalog();
        final long indexNanos = System.nanoTime() - indexStart;
        pages.listen(this::undone);
        checkpoint();
        return new KvRecovery(filePages, torn, loadNanos, aries, indexNanos, rows, pages.repairedFromDoublewrite());
    }

    private void loadCatalog() {
        for (final ByteKey key : index.range(CATALOG, null, null).keySet()) {
            final byte[] value = pages.value(index.slot(key));
            final KvTable table = new KvTable(new String(key.key(), StandardCharsets.UTF_8), (int)KvCodec.toLong(value));
            register(table);
        }
    }

    private void register(final KvTable table) {
        byName.put(table.name(), table);
        byId.put(table.id(), table);
        nextTableId.accumulateAndGet(table.id() + 1, Math::max);
    }

    /**
     * Keeps the index and free list in step with a runtime rollback's page change. An update in
     * place leaves the index alone (a scan passing meanwhile must find the key, and wait on its
     * lock); an undone insert unindexes and frees its slot; an undone delete finds its key still
     * indexed (deletes unindex at commit).
     */
    private void undone(final long slot, final PageStore.SlotState before, final PageStore.SlotState after) {
        if (before.used() && !after.used()) {
            index.remove(new ByteKey(before.tableId(), before.key()), slot);
            index.release(slot); // an insert rolled back: nobody else can reach the slot
        } else if (after.used() && (!before.used() || before.tableId() != after.tableId()
            || !java.util.Arrays.equals(before.key(), after.key()))) {
            index.put(new ByteKey(after.tableId(), after.key()), slot);
        }
    }

    private void startCheckpointAgent() {
        if (config.checkpointEveryMillis() == 0 && config.checkpointEveryBytes() == 0) {
            return;
        }
        final CheckpointAgent agent = new CheckpointAgent(TimeUnit.MILLISECONDS.toNanos(config.checkpointEveryMillis()),
            config.checkpointEveryBytes(), wal::tailLsn, this::checkpoint);
        checkpointRunner = new AgentRunner(new SleepingMillisIdleStrategy(10), error -> checkpointFailure = error, null, agent);
        AgentRunner.startOnThread(checkpointRunner, runnable -> {
            final Thread thread = new Thread(runnable, "kv-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
    }

    // ------------------------------------------------------------------ tables

    /** Creates table {@code name} (committed durably before it returns). */
    public KvTable createTable(final String name) {
        requireOpen();
        final byte[] key = tableKey(name);
        synchronized (catalogLock) {
            if (byName.containsKey(name)) {
                throw new KvException("table exists: name=" + name);
            }
            final int id = nextTableId.get();
            if (id > MAX_TABLES) {
                throw new KvException("too many tables: id=" + id + ", max=" + MAX_TABLES);
            }
            final KvTxn txn = begin();
            try {
                write(txn, CATALOG, key, KvCodec.value((long)id));
                commit(txn, SyncMode.DURABLE);
            } catch (final RuntimeException ex) {
                rollbackQuietly(txn);
                throw ex;
            }
            final KvTable table = new KvTable(name, id);
            register(table);
            return table;
        }
    }

    /** The table named {@code name}. @throws KvException if there is none. */
    public KvTable table(final String name) {
        requireOpen();
        final KvTable table = byName.get(Objects.requireNonNull(name, "name"));
        if (table == null) {
            throw new KvException("unknown table: name=" + name + ", tables=" + tables());
        }
        return table;
    }

    /** The table named {@code name}, created if absent. */
    public KvTable openTable(final String name) {
        synchronized (catalogLock) {
            final KvTable table = byName.get(name);
            return table != null ? table : createTable(name);
        }
    }

    /** Deletes table {@code name} and all its rows in one durable transaction. */
    public void dropTable(final String name) {
        synchronized (catalogLock) {
            final KvTable table = table(name);
            final KvTxn txn = begin();
            try {
                for (final ByteKey key : index.range(table.id(), null, null).keySet()) {
                    delete(txn, table, key.key());
                }
                remove(txn, CATALOG, tableKey(name));
                commit(txn, SyncMode.DURABLE);
            } catch (final RuntimeException ex) {
                rollbackQuietly(txn);
                throw ex;
            }
            byName.remove(name);
            byId.remove(table.id());
            index.dropTable(table.id());
        }
    }

    /** The tables' names, sorted. */
    public List<String> tables() {
        return byName.keySet().stream().sorted().toList();
    }

    private byte[] tableKey(final String name) {
        Objects.requireNonNull(name, "name");
        final byte[] key = name.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0 || key.length > maxKeySize) {
            throw new IllegalArgumentException("table name must be 1.." + maxKeySize + " UTF-8 bytes: name=" + name + ", length=" + key.length);
        }
        return key;
    }

    // ------------------------------------------------------------------ transactions

    /** Starts a transaction (logs nothing until its first write). Allocates it: on a hot path use {@link #begin(KvTxn)}. */
    public KvTxn begin() {
        requireOpen();
        return new KvTxn(this, log.begin(), maxKeySize);
    }

    /**
     * Starts a transaction in {@code reuse}, a finished (committed or rolled back) transaction of
     * this store, and returns it: a new id, no locks, its buffers kept. Allocates nothing. The
     * caller owns {@code reuse} and from now on every reference to it means the new transaction.
     *
     * @throws IllegalStateException if {@code reuse} is still active, or the store is closed.
     * @throws IllegalArgumentException if it belongs to another store.
     */
    public KvTxn begin(final KvTxn reuse) {
        requireOpen();
        Objects.requireNonNull(reuse, "reuse");
        if (reuse.store != this) {
            throw new IllegalArgumentException("transaction belongs to another store: txnId=" + reuse.id() + ", dir=" + config.directory());
        }
        if (reuse.isActive()) {
            throw new IllegalStateException("transaction to reuse is still active: txnId=" + reuse.id() + " (commit or roll it back first)");
        }
        reuse.restart(log.begin(reuse.txn));
        return reuse;
    }

    /**
     * The value of {@code key}, or null; takes a shared lock held to the end of {@code txn}.
     * Allocates the returned copy (the lookup itself allocates nothing).
     */
    public byte[] get(final KvTxn txn, final KvTable table, final byte[] key) {
        return read(txn, table, key, false);
    }

    /** {@link #get} with an exclusive lock: for read-modify-write without upgrade deadlocks. */
    public byte[] getForUpdate(final KvTxn txn, final KvTable table, final byte[] key) {
        return read(txn, table, key, true);
    }

    /** The committed value of {@code key} (or null), outside any transaction: waits out a writer's lock. */
    public byte[] get(final KvTable table, final byte[] key) {
        final KvTxn txn = begin();
        try {
            return get(txn, table, key);
        } finally {
            commit(txn, SyncMode.NONE); // logged nothing: releases the lock only
        }
    }

    private byte[] read(final KvTxn txn, final KvTable table, final byte[] key, final boolean exclusive) {
        requireActive(txn);
        requireTable(table);
        checkKey(key);
        return lockedValue(txn, txn.probe.wrap(table.id(), key), exclusive);
    }

    /** Locks {@code row} (the transaction's probe) for {@code txn}; the row's value, or null. */
    private byte[] lockedValue(final KvTxn txn, final ByteKey row, final boolean exclusive) {
        locks.acquire(txn.owner, row, exclusive);
        final long slot = index.slot(row);
        return slot < 0 ? null : pages.value(slot);
    }

    /** Sets {@code key} to {@code value} in {@code txn} (exclusive lock). */
    public void put(final KvTxn txn, final KvTable table, final byte[] key, final byte[] value) {
        requireActive(txn);
        requireTable(table);
        checkKey(key);
        checkValue(value);
        write(txn, table.id(), key, value);
    }

    private void write(final KvTxn txn, final int tableId, final byte[] key, final byte[] value) {
        final ByteKey row = txn.probe.wrap(tableId, key);
        locks.acquire(txn.owner, row, true);
        final byte[] image = image(txn, row, value.length);
        System.arraycopy(value, 0, image, SlotDescriptor.KEY_OFFSET + maxKeySize, value.length);
        store(txn, row, image);
    }

    /** The transaction's image buffer for {@code row} with a value of {@code valueLength}: header and key filled. */
    private byte[] image(final KvTxn txn, final ByteKey row, final int valueLength) {
        final byte[] image = txn.image(valueLength);
        SlotDescriptor.header(image, row.table(), row.length(), valueLength);
        System.arraycopy(row.key(), 0, image, SlotDescriptor.KEY_OFFSET, row.length());
        java.util.Arrays.fill(image, SlotDescriptor.KEY_OFFSET + row.length(), SlotDescriptor.KEY_OFFSET + maxKeySize, (byte)0);
        return image;
    }

    /** Logs and applies {@code image} as {@code row} (locked exclusively): in place, or in a new slot. */
    private void store(final KvTxn txn, final ByteKey row, final byte[] image) {
        final long existing = index.slot(row);
        if (existing >= 0 && pages.used(existing)) {
            pages.write(txn.txn, existing, image, image.length);
            return;
        }
        // new, or deleted earlier in this transaction (still indexed until commit): a fresh slot,
        // so the deleted one stays as the delete left it for a rollback
        final long slot = index.allocate();
        try {
            pages.write(txn.txn, slot, image, image.length);
        } catch (final RuntimeException ex) {
            index.release(slot);
            throw ex;
        }
        index.put(row.copy(), slot); // a new row: its stored key is the one allocation
    }

    /** Deletes {@code key} in {@code txn} (exclusive lock); returns whether it existed. */
    public boolean delete(final KvTxn txn, final KvTable table, final byte[] key) {
        requireActive(txn);
        requireTable(table);
        checkKey(key);
        return remove(txn, table.id(), key);
    }

    private boolean remove(final KvTxn txn, final int tableId, final byte[] key) {
        final ByteKey row = txn.probe.wrap(tableId, key);
        locks.acquire(txn.owner, row, true);
        final long slot = index.slot(row);
        if (slot < 0 || !pages.used(slot)) {
            return false;
        }
        pages.write(txn.txn, slot, FREED_HEADER, FREED_HEADER.length); // used = 0, key kept for undo
        // the key stays indexed until commit: a concurrent scan finds it and waits on its lock
        txn.freed.addLong(slot);
        txn.freedKeys.add(row.copy());
        return true;
    }

    /**
     * The rows of {@code table} with {@code from <= key < to} (null: unbounded), in key order, each
     * under a shared lock held to the end of {@code txn}. Rows inserted into the range by others
     * after the scan passed are not locked out (phantoms allowed).
     */
    public List<KvEntry> scan(final KvTxn txn, final KvTable table, final byte[] from, final byte[] to) {
        requireActive(txn);
        requireTable(table);
        if (from != null && to != null && java.util.Arrays.compareUnsigned(from, to) > 0) {
            throw new IllegalArgumentException("scan range reversed: from=" + java.util.HexFormat.of().formatHex(from) + ", to="
                + java.util.HexFormat.of().formatHex(to));
        }
        final List<KvEntry> rows = new ArrayList<>();
        for (final ByteKey row : index.range(table.id(), from, to).keySet()) {
            locks.acquire(txn.owner, row, false);
            final long slot = index.slot(row);
            final byte[] value = slot < 0 ? null : pages.value(slot);
            if (value != null) {
                rows.add(new KvEntry(row.key().clone(), value));
            }
        }
        return rows;
    }

    /** Commits with the store's {@link SyncMode}. */
    public long commit(final KvTxn txn) {
        return commit(txn, config.syncMode());
    }

    /**
     * Commits: logs COMMIT, waits as {@code mode} says ({@link SyncMode#DURABLE}: until it is on
     * stable storage, through group commit), then releases the locks. Returns the COMMIT's LSN (0
     * for a transaction that wrote nothing).
     */
    public long commit(final KvTxn txn, final SyncMode mode) {
        requireActive(txn);
        final long lsn = log.commit(txn.txn, mode == SyncMode.DURABLE ? Durability.SYNC : Durability.NONE);
        txn.status(KvTxn.COMMITTED);
        for (int i = 0; i < txn.freed.size(); i++) {
            final long slot = txn.freed.getLong(i);
            index.remove(txn.freedKeys.get(i), slot); // no-op when the key was put again (it has another slot now)
            index.release(slot);
        }
        locks.releaseAll(txn.owner);
        commits.increment();
        return lsn;
    }

    /** Rolls back: every change undone (with CLRs), then the locks released. */
    public void rollback(final KvTxn txn) {
        requireActive(txn);
        txn.status(KvTxn.ROLLED_BACK);
        try {
            log.abort(txn.txn);
        } finally {
            locks.releaseAll(txn.owner);
        }
        rollbacks.increment();
    }

    private void rollbackQuietly(final KvTxn txn) {
        if (txn.isActive() && !closed) {
            rollback(txn);
        }
    }

    // ------------------------------------------------------------------ typed layer

    /**
     * The long value of long key {@code key} ({@link KvCodec#key(long)}), or {@code absent}; shared
     * lock. The allocation-free read form: no key or value object is made in this class.
     */
    public long getLong(final KvTxn txn, final KvTable table, final long key, final long absent) {
        return readLong(txn, table, key, absent, false);
    }

    /** {@link #getLong} under an exclusive lock (read-modify-write without upgrade deadlocks). */
    public long getLongForUpdate(final KvTxn txn, final KvTable table, final long key, final long absent) {
        return readLong(txn, table, key, absent, true);
    }

    private long readLong(final KvTxn txn, final KvTable table, final long key, final long absent, final boolean exclusive) {
        requireActive(txn);
        requireTable(table);
        checkLongKey();
        final ByteKey row = txn.probe.wrapLong(table.id(), KvCodec.keyBits(key));
        locks.acquire(txn.owner, row, exclusive);
        final long slot = index.slot(row);
        return slot < 0 ? absent : pages.readLong(slot, absent);
    }

    /** Sets long key {@code key} to the long {@code value} (exclusive lock). Allocates nothing for an existing row. */
    public void putLong(final KvTxn txn, final KvTable table, final long key, final long value) {
        requireActive(txn);
        requireTable(table);
        checkLongKey();
        if (maxValueSize < LONG_BYTES) {
            throw new IllegalArgumentException("value too long: length=" + LONG_BYTES + ", maxValueSize=" + maxValueSize);
        }
        final ByteKey row = txn.probe.wrapLong(table.id(), KvCodec.keyBits(key));
        locks.acquire(txn.owner, row, true);
        final byte[] image = image(txn, row, LONG_BYTES);
        KvCodec.putLong(image, SlotDescriptor.KEY_OFFSET + maxKeySize, value);
        store(txn, row, image);
    }

    private void checkLongKey() {
        if (maxKeySize < LONG_BYTES) {
            throw new IllegalArgumentException("key too long: length=" + LONG_BYTES + ", maxKeySize=" + maxKeySize);
        }
    }

    /** The String value of String key {@code key}, or null. Allocates the key bytes and the returned String. */
    public String getString(final KvTxn txn, final KvTable table, final String key) {
        final byte[] value = get(txn, table, KvCodec.key(key));
        return value == null ? null : KvCodec.toString(value);
    }

    /** Sets String key {@code key} to {@code value}. Allocates their UTF-8 bytes. */
    public void putString(final KvTxn txn, final KvTable table, final String key, final String value) {
        put(txn, table, KvCodec.key(key), KvCodec.value(value));
    }

    // ------------------------------------------------------------------ checkpoints, state

    /**
     * Writes every dirty page back (after the log is durable to its page LSN), syncs the page file,
     * then takes a wal-txn checkpoint, which truncates the log below the new redo point.
     */
    public Checkpoint checkpoint() {
        synchronized (checkpointLock) {
            requireOpen();
            pagesWritten.addAndGet(pages.writeBack(pageFile));
            final Checkpoint taken = log.checkpoint();
            checkpoints.incrementAndGet();
            return taken;
        }
    }

    /** What open did: page load, torn pages, the ARIES figures, index rebuild. */
    public KvRecovery recovery() {
        return recovery;
    }

    public KvStats stats() {
        return new KvStats(commits.sum(), rollbacks.sum(), checkpoints.get(), pagesWritten.get(), pages.pageCount(), locks.size(), log.stats());
    }

    /** The log's group-commit metrics (batch size, sync latency, N*). */
    public WalMetrics walMetrics() {
        return wal.metrics();
    }

    /** Live rows of {@code table}. */
    public long rows(final KvTable table) {
        requireTable(table);
        return index.rows(table.id());
    }

    public int maxKeySize() {
        return maxKeySize;
    }

    public int maxValueSize() {
        return maxValueSize;
    }

    /** The last automatic checkpoint's failure, or null. */
    public Throwable checkpointFailure() {
        return checkpointFailure;
    }

    public KvConfig config() {
        return config;
    }

    /**
     * Stops the checkpoint thread, checkpoints (so the next open redoes little), and closes the log
     * and the page file. Transactions still active are rolled back by the next open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopCheckpointAgent();
        try {
            checkpoint();
        } finally {
            closed = true;
            release();
        }
    }

    /** Writes dirty pages back without the log checkpoint after it: a crash inside a checkpoint, for tests. */
    int writeBackOnly() {
        synchronized (checkpointLock) {
            return pages.writeBack(pageFile);
        }
    }

    /** A process crash, for tests: nothing more is written back; the log keeps what was published. */
    void crash() {
        stopCheckpointAgent();
        synchronized (checkpointLock) {
            closed = true;
        }
        release();
    }

    private void stopCheckpointAgent() {
        if (checkpointRunner != null) {
            checkpointRunner.close((int)TimeUnit.NANOSECONDS.toMillis(STOP_NANOS), thread -> { });
            checkpointRunner = null;
        }
    }

    private void release() {
        try {
            log.close();
        } finally {
            try {
                wal.close();
            } finally {
                pageFile.close();
            }
        }
    }

    // ------------------------------------------------------------------ checks

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed: dir=" + config.directory());
        }
    }

    private void requireActive(final KvTxn txn) {
        requireOpen();
        Objects.requireNonNull(txn, "txn");
        if (txn.store != this) {
            throw new IllegalArgumentException("transaction belongs to another store: txnId=" + txn.id() + ", dir=" + config.directory());
        }
        if (!txn.isActive()) {
            throw new IllegalStateException("transaction is finished: txnId=" + txn.id() + ", status=" + txn.statusName());
        }
    }

    private void requireTable(final KvTable table) {
        Objects.requireNonNull(table, "table");
        if (!table.equals(byId.get(table.id()))) {
            throw new KvException("unknown table: name=" + table.name() + ", id=" + table.id() + " (dropped, or from another store)");
        }
    }

    private void checkKey(final byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length > maxKeySize) {
            throw new IllegalArgumentException("key too long: length=" + key.length + ", maxKeySize=" + maxKeySize);
        }
    }

    private void checkValue(final byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > maxValueSize) {
            throw new IllegalArgumentException("value too long: length=" + value.length + ", maxValueSize=" + maxValueSize);
        }
    }
}

package dev.mmwal.consumer;

import dev.mmwal.ReadBound;
import dev.mmwal.Wal;
import dev.mmwal.WalClosedException;
import dev.mmwal.WalException;
import dev.mmwal.consumer.format.RecordKind;
import dev.mmwal.consumer.internal.Checkpointer;
import dev.mmwal.consumer.internal.ClientState;
import dev.mmwal.consumer.internal.ClientTable;
import dev.mmwal.consumer.internal.DedupWindow;
import dev.mmwal.consumer.internal.GuardedInterpreter;
import dev.mmwal.consumer.internal.Housekeeper;
import dev.mmwal.consumer.internal.RecordWriter;
import dev.mmwal.consumer.internal.Replayer;
import dev.mmwal.consumer.internal.StoreCounters;
import dev.mmwal.consumer.internal.StoreIdentity;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.Map;

/**
 * An idempotent consumer-state store: per client, it persists messages exactly once as far as
 * the producer's message ids allow, merges them into the client's state through a
 * {@link StateInterpreter}, and keeps everything in one mmwal log ({@code docs/consumer.md}).
 *
 * <p><b>Contract.</b> {@link #persist} skips a message whose id is at or below the client's
 * highest processed id (or, with a dedup window, already seen in it) and reports
 * {@link #DUPLICATE}; otherwise it appends one record carrying client, id and data, so the dedup
 * decision and the state change are one atomic append, and returns once that record is durable
 * (it survives power loss). A duplicate is reported only once the record it duplicates is durable,
 * and {@link #retrieve} returns only state whose records are durable, so nothing a caller saw can
 * be taken back by a crash.
 *
 * <p><b>Threads.</b> Thread-safe. Persists for one client are serialized by that client's lock
 * (dedup check, interpreter calls, append), so its records enter the log in its order; different
 * clients run in parallel. The lock is released before the wait for durability, so many threads
 * persisting for many clients share the log's group-commit syncs. One housekeeping agent thread
 * runs store-wide checkpoints by bytes or time. Blocking.
 *
 * @param <S> the state type.
 */
public final class ConsumerStore<S> implements AutoCloseable {
    /** {@link #persist} result: the message was already processed; nothing was written. */
    public static final long DUPLICATE = -1;

    private final ConsumerConfig<S> config;
    private final Wal wal;
    private final String where;
    private final GuardedInterpreter<S> interpreter;
    private final ClientTable<S> table = new ClientTable<>();
    private final StoreCounters counters = new StoreCounters();
    private final RecordWriter writer;
    private final Checkpointer<S> checkpointer;
    private final HousekeepingReport housekeepingReport;
    private final AgentRunner housekeeperRunner;
    private volatile boolean closed;

    private ConsumerStore(final ConsumerConfig<S> config, final Wal wal) {
        this.config = config;
        this.wal = wal;
        this.where = config.logDirectory().toString();
        this.interpreter = new GuardedInterpreter<>(config.interpreter());
        this.writer = new RecordWriter(wal);
        final StoreIdentity identity = new StoreIdentity(config.serviceName(), config.interpreter().id());
        final Replayer<S> replayer = replay(identity);
        this.checkpointer = new Checkpointer<>(wal, writer, table, interpreter, identity, counters, config.dedupWindow(),
            config.retainedSegments(), replayer.metaLsn());
        if (replayer.metaLsn() < 0) {
            checkpointer.writeMeta();
        }
        final int truncated = checkpointer.checkpoint(false);
        this.housekeepingReport = new HousekeepingReport(wal.recoveryReport(), replayer.scanned(), replayer.applied(),
            replayer.superseded(), table.size(), truncated);
        writer.resetAppendedBytes();
        this.housekeeperRunner = startHousekeeper();
    }

    /**
     * Opens (creating if absent) the store in {@code config.logDirectory()}: recovers the log (torn
     * and failed-CRC records at its tail are cut), replays it (superseded records are skipped),
     * then runs a checkpoint that truncates what no client needs any more.
     *
     * @throws ConsumerStoreException when the log cannot be opened or belongs to another store,
     * service, interpreter or format version.
     */
    public static <S> ConsumerStore<S> open(final ConsumerConfig<S> config) {
        final Wal wal;
        try {
            wal = Wal.open(config.walConfig());
        } catch (final WalException ex) {
            throw new ConsumerStoreException("cannot open the store's log: dir=" + config.logDirectory() + ", cause=" + ex.getMessage(), ex);
        }
        try {
            return new ConsumerStore<>(config, wal);
        } catch (final RuntimeException ex) {
            try {
                wal.close();
            } catch (final RuntimeException suppressed) {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
    }

    private Replayer<S> replay(final StoreIdentity identity) {
        final Replayer<S> replayer = new Replayer<>(interpreter, identity, where);
        final Map<String, Long> bases = replayer.scanBases(wal.reader(wal.firstLsn(), ReadBound.DURABLE));
        if (replayer.scanned() > 0 && replayer.metaLsn() < 0) {
            throw new ConsumerStoreException("log holds records but no META record, it is not a consumer store: dir=" + where
                + ", records=" + replayer.scanned());
        }
        replayer.apply(wal.reader(wal.firstLsn(), ReadBound.DURABLE), table, bases);
        return replayer;
    }

    private AgentRunner startHousekeeper() {
        if (config.checkpointBytes() == 0 && config.checkpointIntervalNanos() == 0) {
            return null;
        }
        final Housekeeper<S> housekeeper = new Housekeeper<>(checkpointer, writer, counters, config.checkpointBytes(),
            config.checkpointIntervalNanos(), System::nanoTime);
        final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(10), error -> counters.checkpointFailures.increment(),
            null, housekeeper);
        AgentRunner.startOnThread(runner, runnable -> {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
        return runner;
    }

    // ---------------------------------------------------------------- the API

    /**
     * Persists message {@code messageId} of {@code clientId} with {@code data}, once.
     *
     * @return the record's LSN (&ge; 0) once it is durable, or {@link #DUPLICATE} when the message
     * was already processed (then nothing is written).
     * @throws NullPointerException when {@code clientId} or {@code data} is null.
     * @throws IllegalArgumentException when the client id is empty or too long, the id negative,
     * or the data or the merged state too large; nothing is written.
     * @throws ConsumerStoreException when the interpreter throws (nothing is written) or the log
     * failed (reopen; a retry is applied at most once).
     * @throws ConsumerStoreClosedException when the store is closed.
     */
    public long persist(final String clientId, final S data, final long messageId) {
        checkOpen();
        checkClientId(clientId);
        if (data == null) {
            throw new NullPointerException("data is null: clientId=" + clientId + ", messageId=" + messageId);
        }
        if (messageId < 0) {
            throw new IllegalArgumentException("message id must not be negative: clientId=" + clientId + ", messageId=" + messageId);
        }
        final long timestamp = System.currentTimeMillis();
        while (true) {
            final ClientState<S> client = table.getOrCreate(clientId);
            final boolean duplicate;
            final long waitLsn;
            synchronized (client) {
                if (client.isRetired()) {
                    continue;
                }
                duplicate = DedupWindow.isDuplicate(client.maxId(), client.windowBits(), config.dedupWindow(), messageId);
                waitLsn = duplicate ? client.lastLsn() : appendLocked(client, data, messageId, timestamp);
            }
            awaitDurable(waitLsn);
            if (duplicate) {
                counters.duplicates.increment();
                return DUPLICATE;
            }
            return waitLsn;
        }
    }

    /** Formats, merges and appends under the client's lock; the client changes only once its record is in the log. */
    private long appendLocked(final ClientState<S> client, final S data, final long messageId, final long timestamp) {
        final String clientId = client.clientId();
        final byte[] entryBytes = interpreter.format(data, clientId, messageId);
        checkSize(entryBytes.length, config.maxDataBytes(), "data", clientId, messageId);
        // merge what a replay will merge: the parsed bytes, not the caller's object
        final S entry = interpreter.parse(entryBytes, clientId, messageId);
        final S merged = interpreter.merge(client.state(), entry, clientId, messageId, timestamp);
        final long bits = DedupWindow.bitsAfterAccept(client.maxId(), client.windowBits(), messageId);
        final long maxId = Math.max(client.maxId(), messageId);
        if (client.entriesSinceSnapshot() + 1 >= config.entriesPerSnapshot()) {
            final byte[] stateBytes = interpreter.format(merged, clientId, messageId);
            checkSize(stateBytes.length, config.maxStateBytes(), "state", clientId, messageId);
            final long lsn = writer.append(RecordKind.SNAPSHOT, client.clientIdBytes(), stateBytes, config.dedupWindow(), maxId, timestamp, bits);
            client.onSnapshot(lsn, merged, maxId, bits);
            counters.snapshots.increment();
            return lsn;
        }
        final long lsn = writer.append(RecordKind.ENTRY, client.clientIdBytes(), entryBytes, config.dedupWindow(), messageId, timestamp, 0);
        client.onEntry(lsn, merged, messageId, bits);
        counters.entries.increment();
        return lsn;
    }

    /**
     * The client's merged state (a copy the caller may keep), or {@code null} when the store holds
     * none; it reflects only durable records.
     */
    public S retrieve(final String clientId) {
        checkOpen();
        checkClientId(clientId);
        final ClientState<S> client = table.get(clientId);
        if (client == null) {
            return null;
        }
        final S copy;
        final long waitLsn;
        synchronized (client) {
            if (client.isEmpty()) {
                return null;
            }
            copy = interpreter.copy(client.state(), clientId, client.maxId());
            waitLsn = client.lastLsn();
        }
        awaitDurable(waitLsn);
        return copy;
    }

    /** The client's highest processed message id, or -1 when it has none (never persisted, or cleared). */
    public long maxMessageId(final String clientId) {
        checkOpen();
        checkClientId(clientId);
        final ClientState<S> client = table.get(clientId);
        if (client == null) {
            return DedupWindow.NO_ID;
        }
        final long maxId;
        final long waitLsn;
        synchronized (client) {
            maxId = client.maxId();
            waitLsn = client.lastLsn();
        }
        awaitDurable(waitLsn);
        return maxId;
    }

    /**
     * Removes the client's state and ids, durably: afterwards any id is new again.
     *
     * @return true when there was something to remove (then a CLEAR record is durable).
     */
    public boolean clear(final String clientId) {
        checkOpen();
        checkClientId(clientId);
        final ClientState<S> client = table.get(clientId);
        if (client == null) {
            return false;
        }
        final long lsn;
        synchronized (client) {
            if (client.isRetired() || client.isEmpty()) {
                return false;
            }
            lsn = writer.append(RecordKind.CLEAR, client.clientIdBytes(), new byte[0], config.dedupWindow(), client.maxId(),
                System.currentTimeMillis(), 0);
            client.onClear(lsn);
        }
        awaitDurable(lsn);
        counters.clears.increment();
        return true;
    }

    /**
     * Runs a store-wide checkpoint now: snapshots every client with entries since its last
     * snapshot, compacts clients on old segments, and truncates the log below the floor.
     *
     * @return the number of segment files deleted.
     */
    public int checkpoint() {
        checkOpen();
        try {
            return checkpointer.checkpoint(true);
        } catch (final WalClosedException ex) {
            throw new ConsumerStoreClosedException("consumer store closed during checkpoint: dir=" + where);
        } catch (final WalException ex) {
            throw new ConsumerStoreException("checkpoint failed: dir=" + where + ", cause=" + ex.getMessage(), ex);
        }
    }

    // ---------------------------------------------------------------- state

    /** What opening the store found and did. */
    public HousekeepingReport housekeepingReport() {
        return housekeepingReport;
    }

    public ConsumerStoreStats stats() {
        return new ConsumerStoreStats(table.size(), counters.entries.sum(), counters.snapshots.sum(), counters.duplicates.sum(),
            counters.clears.sum(), counters.checkpoints.sum(), counters.compactionSnapshots.sum(), counters.truncatedSegments.sum(),
            counters.checkpointFailures.sum());
    }

    public ConsumerConfig<S> config() {
        return config;
    }

    /** The first LSN still in the log (it moves up as checkpoints truncate). */
    public long firstLsn() {
        return wal.firstLsn();
    }

    /** Stops the housekeeping agent and closes the log (everything appended is made durable first). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (housekeeperRunner != null) {
            housekeeperRunner.close();
        }
        try {
            wal.close();
        } catch (final WalException ex) {
            throw new ConsumerStoreException("closing the store's log failed: dir=" + where + ", cause=" + ex.getMessage(), ex);
        }
    }

    // ---------------------------------------------------------------- checks

    private void awaitDurable(final long lsn) {
        if (lsn < 0) {
            return;
        }
        try {
            wal.awaitDurable(lsn);
        } catch (final WalClosedException ex) {
            throw new ConsumerStoreClosedException("consumer store closed before the record was durable: dir=" + where + ", lsn=" + lsn);
        } catch (final WalException ex) {
            throw new ConsumerStoreException("log failed before the record was durable, reopen the store: dir=" + where + ", lsn=" + lsn
                + ", cause=" + ex.getMessage(), ex);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ConsumerStoreClosedException("consumer store is closed: dir=" + where);
        }
    }

    private void checkClientId(final String clientId) {
        if (clientId == null) {
            throw new NullPointerException("clientId is null: dir=" + where);
        }
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId is empty: dir=" + where);
        }
        // UTF-8 takes at most 3 bytes per char: encode only ids that might be too long
        if ((long)clientId.length() * 3 > config.maxClientIdBytes()) {
            final int bytes = clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > config.maxClientIdBytes()) {
                throw new IllegalArgumentException("clientId too long: bytes=" + bytes + ", maxClientIdBytes=" + config.maxClientIdBytes());
            }
        }
    }

    private static void checkSize(final int bytes, final int max, final String what, final String clientId, final long messageId) {
        if (bytes > max) {
            throw new IllegalArgumentException(what + " too large, nothing was persisted: clientId=" + clientId + ", messageId=" + messageId
                + ", bytes=" + bytes + ", max=" + max);
        }
    }
}

package dev.mmwal.consumer;

import dev.mmwal.ReadBound;
import dev.mmwal.ReadOnlyWal;
import dev.mmwal.WalException;
import dev.mmwal.WalReader;
import dev.mmwal.consumer.internal.ClientState;
import dev.mmwal.consumer.internal.ClientTable;
import dev.mmwal.consumer.internal.DedupWindow;
import dev.mmwal.consumer.internal.GuardedInterpreter;
import dev.mmwal.consumer.internal.Replayer;
import dev.mmwal.consumer.internal.StoreIdentity;

import java.util.Map;

/**
 * A read-only view of a store's files, for another process while the store's writer runs (or
 * after it stopped). It takes no lock and writes nothing: it replays the log through
 * {@link ReadOnlyWal} and, on each query, applies the records published since. It sees
 * <em>published</em> records, which may be ahead of what the writer has made durable: a crash of
 * the writer can take back the newest of them. When the writer truncates segments the view was
 * reading, it replays from the new start.
 *
 * <p>Thread-safe (every method is synchronized); blocking.
 *
 * @param <S> the state type.
 */
public final class ConsumerStoreView<S> implements AutoCloseable {
    private final ReadOnlyWal log;
    private final String where;
    private final GuardedInterpreter<S> interpreter;
    private final StoreIdentity identity;
    private ClientTable<S> table;
    private Replayer<S> replayer;
    private WalReader reader;

    private ConsumerStoreView(final ConsumerConfig<S> config, final ReadOnlyWal log) {
        this.log = log;
        this.where = config.logDirectory().toString();
        this.interpreter = new GuardedInterpreter<>(config.interpreter());
        this.identity = new StoreIdentity(config.serviceName(), config.interpreter().id());
        reload();
    }

    /**
     * Opens a view of the store {@code config} names (its directory, service name and interpreter).
     *
     * @throws ConsumerStoreException when there is no log there, or it belongs to another store.
     */
    public static <S> ConsumerStoreView<S> open(final ConsumerConfig<S> config) {
        final ReadOnlyWal log;
        try {
            log = ReadOnlyWal.open(config.logDirectory());
        } catch (final WalException ex) {
            throw new ConsumerStoreException("cannot open the store's log read-only: dir=" + config.logDirectory() + ", cause=" + ex.getMessage(), ex);
        }
        try {
            return new ConsumerStoreView<>(config, log);
        } catch (final RuntimeException ex) {
            log.close();
            throw ex;
        }
    }

    private void reload() {
        table = new ClientTable<>();
        replayer = new Replayer<>(interpreter, identity, where);
        final Map<String, Long> bases = replayer.scanBases(log.reader(log.firstLsn(), ReadBound.PUBLISHED));
        reader = log.reader(log.firstLsn(), ReadBound.PUBLISHED);
        replayer.apply(reader, table, bases);
    }

    /** Applies the records published since the last call; replays from the start when the writer truncated under it. */
    public synchronized void refresh() {
        try {
            replayer.apply(reader, table, Map.of());
        } catch (final WalException ex) {
            reload();
        }
    }

    /** The client's merged state as of the newest published record, or {@code null}. */
    public synchronized S retrieve(final String clientId) {
        refresh();
        final ClientState<S> client = table.get(clientId);
        if (client == null || client.isEmpty()) {
            return null;
        }
        return interpreter.copy(client.state(), clientId, client.maxId());
    }

    /** The client's highest processed id as of the newest published record, or -1. */
    public synchronized long maxMessageId(final String clientId) {
        refresh();
        final ClientState<S> client = table.get(clientId);
        return client == null ? DedupWindow.NO_ID : client.maxId();
    }

    @Override
    public synchronized void close() {
        log.close();
    }
}

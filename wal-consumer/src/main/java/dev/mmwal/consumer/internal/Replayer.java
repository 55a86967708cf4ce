package dev.mmwal.consumer.internal;

import dev.mmwal.LogRecord;
import dev.mmwal.WalReader;
import dev.mmwal.consumer.format.RecordKind;

import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds client states from the log. {@link #scanBases} (pass 1) finds each client's latest
 * SNAPSHOT or CLEAR; {@link #apply} (pass 2) then applies only records at or after it, so
 * superseded entries and snapshots are counted but never parsed or merged. Applying every record
 * in order (no bases, as a read-only view's refresh does) gives the same states, only slower.
 * Single-threaded.
 *
 * @param <S> the state type.
 */
public final class Replayer<S> {
    private final GuardedInterpreter<S> interpreter;
    private final StoreIdentity identity;
    private final String where;
    private final LogRecord record = new LogRecord();
    private final RecordView view = new RecordView();
    private long scanned;
    private long applied;
    private long superseded;
    private long metaLsn = -1;

    public Replayer(final GuardedInterpreter<S> interpreter, final StoreIdentity identity, final String where) {
        this.interpreter = interpreter;
        this.identity = identity;
        this.where = where;
    }

    /** Pass 1: the LSN of each client's latest SNAPSHOT or CLEAR; checks every record and META on the way. */
    public Map<String, Long> scanBases(final WalReader reader) {
        final Map<String, Long> bases = new HashMap<>();
        while (reader.next(record)) {
            view.wrap(record, where);
            scanned++;
            final byte kind = view.kind();
            if (kind == RecordKind.META) {
                identity.check(view, where);
                metaLsn = view.lsn();
            } else if (kind == RecordKind.SNAPSHOT || kind == RecordKind.CLEAR) {
                bases.put(view.clientId(), view.lsn());
            }
        }
        return bases;
    }

    /** Pass 2 (or a refresh with no bases): applies every record at or after its client's base. */
    public void apply(final WalReader reader, final ClientTable<S> table, final Map<String, Long> bases) {
        while (reader.next(record)) {
            view.wrap(record, where);
            if (view.kind() == RecordKind.META) {
                identity.check(view, where);
                metaLsn = Math.max(metaLsn, view.lsn());
                continue;
            }
            final String clientId = view.clientId();
            if (view.lsn() < bases.getOrDefault(clientId, -1L)) {
                superseded++;
                continue;
            }
            final ClientState<S> client = table.getOrCreate(clientId);
            synchronized (client) {
                applyTo(client, clientId);
            }
            applied++;
        }
        for (final ClientState<S> client : table.all()) {
            synchronized (client) {
                if (client.isEmpty()) {
                    client.retire();
                    table.remove(client);
                }
            }
        }
    }

    private void applyTo(final ClientState<S> client, final String clientId) {
        final long lsn = view.lsn();
        final long messageId = view.messageId();
        switch (view.kind()) {
            case RecordKind.ENTRY -> {
                final S entry = interpreter.parse(view.data(), clientId, messageId);
                final S merged = interpreter.merge(client.state(), entry, clientId, messageId, view.timestampMillis());
                final long bits = DedupWindow.bitsAfterAccept(client.maxId(), client.windowBits(), messageId);
                client.onEntry(lsn, merged, messageId, bits);
            }
            case RecordKind.SNAPSHOT -> client.onSnapshot(lsn, interpreter.parse(view.data(), clientId, messageId), messageId, view.windowBits());
            case RecordKind.CLEAR -> client.onClear(lsn);
            default -> throw new IllegalStateException("unexpected record kind: kind=" + RecordKind.name(view.kind()) + ", lsn=" + lsn);
        }
    }

    /** Records pass 1 checked (META included). */
    public long scanned() {
        return scanned;
    }

    /** Records pass 2 applied to a client. */
    public long applied() {
        return applied;
    }

    /** Entries and snapshots pass 2 skipped because a later snapshot or clear of their client supersedes them. */
    public long superseded() {
        return superseded;
    }

    /** The newest META record's LSN, or -1 when none was read. */
    public long metaLsn() {
        return metaLsn;
    }
}

package dev.mmwal.consumer.internal;

import dev.mmwal.Wal;
import dev.mmwal.consumer.format.RecordKind;

/**
 * Store-wide checkpoints: snapshots clients, moves the retention floor and truncates the log.
 *
 * <p>A client's replay needs its records from {@link ClientState#neededFromLsn()} on (its latest
 * snapshot, else its first entry since a clear); the store needs its META record. The floor is the
 * least of these, and no more than the durable LSN: {@link Wal#truncateBefore(long)} only deletes
 * whole segments below it, so nothing a snapshot does not cover is ever dropped. A client that
 * stays idle would pin its old segment for ever, so a checkpoint first compacts: every client (and
 * META) whose needed record lies more than {@code retainedSegments} segments behind the tail's is
 * re-written as a fresh snapshot at the tail, made durable, and only then is the floor computed.
 *
 * <p>Threads: one checkpoint at a time (the method is synchronized); it takes each client's lock
 * briefly, so persists of other clients proceed, and a persist that races a checkpoint only ever
 * raises a client's needed LSN above the tail the checkpoint started from. Blocking.
 *
 * @param <S> the state type.
 */
public final class Checkpointer<S> {
    private final Wal wal;
    private final RecordWriter writer;
    private final ClientTable<S> table;
    private final GuardedInterpreter<S> interpreter;
    private final StoreIdentity identity;
    private final StoreCounters counters;
    private final int windowSize;
    private final int retainedSegments;
    private volatile long metaLsn;

    public Checkpointer(final Wal wal, final RecordWriter writer, final ClientTable<S> table, final GuardedInterpreter<S> interpreter,
                        final StoreIdentity identity, final StoreCounters counters, final int windowSize, final int retainedSegments,
                        final long metaLsn) {
        this.wal = wal;
        this.writer = writer;
        this.table = table;
        this.interpreter = interpreter;
        this.identity = identity;
        this.counters = counters;
        this.windowSize = windowSize;
        this.retainedSegments = retainedSegments;
        this.metaLsn = metaLsn;
    }

    /** Appends the store's META record and waits until it is durable; returns its LSN. */
    public long writeMeta() {
        final long lsn = writer.append(RecordKind.META, identity.serviceNameBytes(), identity.interpreterIdBytes(), windowSize, 0,
            System.currentTimeMillis(), 0);
        wal.awaitDurable(lsn);
        metaLsn = lsn;
        return lsn;
    }

    /**
     * Runs one checkpoint.
     *
     * @param snapshotAll also snapshot every client with entries since its last snapshot (the
     *                    store-wide checkpoint by bytes or time), not only the ones compaction moves.
     * @return the number of segment files deleted.
     */
    public synchronized int checkpoint(final boolean snapshotAll) {
        final int shift = wal.config().segmentShift();
        final long tailSegment = wal.tailLsn() >>> shift;
        final long compactBelow = Math.max(0, tailSegment - retainedSegments) << shift;
        long newest = -1;
        for (final ClientState<S> client : table.all()) {
            newest = Math.max(newest, snapshotIfNeeded(client, compactBelow, snapshotAll));
        }
        if (metaLsn < compactBelow) {
            newest = Math.max(newest, writeMeta());
        }
        if (newest >= 0) {
            wal.awaitDurable(newest);
        }
        final int removed = wal.truncateBefore(floor());
        counters.checkpoints.increment();
        counters.truncatedSegments.add(removed);
        return removed;
    }

    /** Snapshots one client when it is due; retires it when empty. Returns the snapshot's LSN, or -1. */
    private long snapshotIfNeeded(final ClientState<S> client, final long compactBelow, final boolean snapshotAll) {
        synchronized (client) {
            if (client.isRetired()) {
                return -1;
            }
            if (client.isEmpty()) {
                client.retire();
                table.remove(client);
                return -1;
            }
            final boolean due = client.neededFromLsn() < compactBelow || snapshotAll && client.entriesSinceSnapshot() > 0;
            if (!due) {
                return -1;
            }
            final byte[] bytes = interpreter.format(client.state(), client.clientId(), client.maxId());
            final long lsn = writer.append(RecordKind.SNAPSHOT, client.clientIdBytes(), bytes, windowSize, client.maxId(),
                System.currentTimeMillis(), client.windowBits());
            client.onSnapshot(lsn, client.state(), client.maxId(), client.windowBits());
            counters.compactionSnapshots.increment();
            return lsn;
        }
    }

    /** The least LSN still needed: META, every client's needed record, and never past the durable LSN. */
    public long floor() {
        long floor = Math.min(metaLsn, wal.durableLsn());
        for (final ClientState<S> client : table.all()) {
            synchronized (client) {
                floor = Math.min(floor, client.neededFromLsn());
            }
        }
        return floor;
    }

    public long metaLsn() {
        return metaLsn;
    }
}

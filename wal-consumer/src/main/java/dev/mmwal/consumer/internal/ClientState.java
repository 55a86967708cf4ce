package dev.mmwal.consumer.internal;

import java.nio.charset.StandardCharsets;

/**
 * One client's live state. Every field is guarded by the object's monitor: a persist, clear or
 * checkpoint of the client holds it from its dedup check to updating these fields after its record
 * is appended, so the client's records enter the log in the order its state changed. Different
 * clients never share a lock. Blocking (the monitor); waiting for durability happens outside it.
 *
 * @param <S> the state type.
 */
public final class ClientState<S> {
    /** {@link #neededFromLsn} of a client that needs no record (none, or all cleared). */
    public static final long NONE = Long.MAX_VALUE;

    private final String clientId;
    private final byte[] clientIdBytes;
    private S state;
    private long maxId = DedupWindow.NO_ID;
    private long windowBits;
    private int entriesSinceSnapshot;
    private long neededFromLsn = NONE;
    private long lastLsn = -1;
    private boolean retired;

    public ClientState(final String clientId) {
        this.clientId = clientId;
        this.clientIdBytes = clientId.getBytes(StandardCharsets.UTF_8);
    }

    public String clientId() {
        return clientId;
    }

    /** The client id's UTF-8 bytes, encoded once: never modify. */
    public byte[] clientIdBytes() {
        return clientIdBytes;
    }

    public S state() {
        return state;
    }

    public long maxId() {
        return maxId;
    }

    public long windowBits() {
        return windowBits;
    }

    public int entriesSinceSnapshot() {
        return entriesSinceSnapshot;
    }

    /** The oldest record a replay of this client needs: its latest snapshot, else its first entry since a clear. */
    public long neededFromLsn() {
        return neededFromLsn;
    }

    /** The client's newest record: a reader or a duplicate waits until it is durable. */
    public long lastLsn() {
        return lastLsn;
    }

    /** True once a checkpoint removed this (empty) client from the table: look it up again. */
    public boolean isRetired() {
        return retired;
    }

    /** True when the client holds nothing: never persisted, or cleared since. */
    public boolean isEmpty() {
        return maxId == DedupWindow.NO_ID && state == null;
    }

    /** An ENTRY at {@code lsn} changed the state to {@code merged}; {@code bits} is the window after it. */
    public void onEntry(final long lsn, final S merged, final long messageId, final long bits) {
        windowBits = bits;
        state = merged;
        maxId = Math.max(maxId, messageId);
        entriesSinceSnapshot++;
        neededFromLsn = Math.min(neededFromLsn, lsn);
        lastLsn = lsn;
    }

    /** A SNAPSHOT at {@code lsn} holds the whole state: nothing older is needed. */
    public void onSnapshot(final long lsn, final S snapshot, final long snapshotMaxId, final long bits) {
        state = snapshot;
        maxId = snapshotMaxId;
        windowBits = bits;
        entriesSinceSnapshot = 0;
        neededFromLsn = lsn;
        lastLsn = lsn;
    }

    /** A CLEAR at {@code lsn}: state and ids forgotten. */
    public void onClear(final long lsn) {
        state = null;
        maxId = DedupWindow.NO_ID;
        windowBits = 0;
        entriesSinceSnapshot = 0;
        neededFromLsn = NONE;
        lastLsn = lsn;
    }

    public void retire() {
        retired = true;
    }
}

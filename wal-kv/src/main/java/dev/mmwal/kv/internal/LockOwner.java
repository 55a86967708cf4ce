package dev.mmwal.kv.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A transaction as the {@link LockManager} sees it: its id, the locks it holds and the lock it
 * waits for. Guarded by the lock manager's monitor.
 */
public final class LockOwner {
    final long id;
    final List<ByteKey> held = new ArrayList<>(4);
    ByteKey waitingFor;

    public LockOwner(final long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }
}

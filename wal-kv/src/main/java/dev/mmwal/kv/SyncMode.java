package dev.mmwal.kv;

/**
 * What {@link KvStore#commit(KvTxn, SyncMode)} waits for, and so what an acknowledged commit
 * survives. Chosen per store ({@link KvConfig.Builder#syncMode}) and per commit.
 */
public enum SyncMode {
    /** Return once the COMMIT record is on stable storage (group commit): survives a process crash and power loss. */
    DURABLE,
    /**
     * Return once the COMMIT record is published in the mapped log: survives a process crash at
     * once; survives power loss once the log's flusher has synced it, within the log's
     * {@code maxUnsyncedNanos} (10 ms by default).
     */
    GROUP_DEFERRED,
    /**
     * Return once published; the log syncs only when asked (a DURABLE commit, a checkpoint, close):
     * survives a process crash, not a power loss until the next sync. As a store's mode, the log
     * is opened with {@code maxUnsyncedNanos = 0}.
     */
    NONE
}

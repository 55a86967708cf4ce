package dev.mmwal;

/** What an append waits for before it returns. */
public enum Durability {
    /**
     * Return once the record is published: on the {@link WritePath#MAPPED} path (the default) it
     * survives a crash of the process, not a power loss; on {@link WritePath#STAGED} it survives a
     * process crash only once the flusher has written it (within {@code maxUnsyncedNanos}).
     */
    NONE,
    /** Return once the record is on stable storage (group-committed by the flusher). */
    SYNC
}

package dev.mmwal;

/** What an append waits for before it returns. */
public enum Durability {
    /** Return once the record is published: survives a process crash, not a power loss. */
    NONE,
    /** Return once the record is on stable storage (group-committed by the flusher). */
    SYNC
}

package dev.mmwal.kv;

/**
 * A row lock was not granted: a {@link Kind#DEADLOCK} (the wait-for graph has a cycle through the
 * requester) or a {@link Kind#TIMEOUT}. The message names the transactions and keys involved. The
 * transaction is still active and holds its other locks: roll it back (and retry).
 */
public final class KvLockException extends KvException {
    private static final long serialVersionUID = 1L;

    /** Why the lock was refused. */
    public enum Kind { DEADLOCK, TIMEOUT }

    private final Kind kind;

    public KvLockException(final Kind kind, final String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

package dev.mmwal.consumer;

/**
 * How a client's state is stored and merged: the store's only knowledge of what the data means.
 *
 * <p>A persisted message is an entry of the same type as the state (a partial state); the store
 * writes {@link #format(Object) format(entry)} to the log and keeps
 * {@link #merge(Object, Object, long, long) merge(state, entry, ...)} as the client's state. A
 * snapshot is {@code format(state)}; a replay {@link #parse(byte[]) parses} snapshots and entries
 * and merges the entries again, in log order, with the same id and timestamp, so an interpreter
 * must be deterministic.
 *
 * <p>Contract: no method may modify its arguments or keep a reference to a byte array it was
 * given (the store reuses neither, but the caller may). An exception thrown by any method aborts
 * the persist that called it before anything is written, and reaches the caller wrapped in a
 * {@link ConsumerStoreException}. Implementations must be thread-safe: the store calls them from
 * many threads at once (for different clients).
 *
 * @param <S> the state type.
 */
public interface StateInterpreter<S> {
    /**
     * A stable name stored in the store's META record: a store written with one interpreter refuses
     * to open with another ({@code [A-Za-z0-9._-]}, at most 64 characters).
     */
    String id();

    /** The bytes of {@code state} (or of an entry): {@link #parse(byte[])} must give it back. */
    byte[] format(S state);

    /** The state {@code bytes} were formatted from. */
    S parse(byte[] bytes);

    /**
     * The state after {@code entry}, the message with {@code messageId} persisted at
     * {@code timestampMillis}, is applied to {@code current}.
     *
     * @param current the client's state, or {@code null} for a client with none.
     * @return a new state (never {@code current} modified in place).
     */
    S merge(S current, S entry, long messageId, long timestampMillis);
}

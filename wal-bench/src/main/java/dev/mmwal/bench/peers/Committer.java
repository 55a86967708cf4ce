package dev.mmwal.bench.peers;

/**
 * One thread's handle for durable commits: each call appends the payload and returns only once it
 * survives power loss (as the system promises it). Single-threaded.
 */
public interface Committer extends AutoCloseable {
    /** Appends one record and waits until it is durable; returns a value to sink. */
    long commit();

    @Override
    default void close() {
    }
}

package dev.mmwal.bench.peers;

/**
 * One thread's handle for appending without sync. Single-threaded: created, used and closed by
 * one thread. Appends the payload it was created with; allocates nothing per call.
 */
public interface Appender extends AutoCloseable {
    /** Appends one record; returns a value the caller sinks into a blackhole (an LSN, a position). */
    long append();

    @Override
    default void close() {
    }
}

package dev.mmwal.bench.consumer;

/**
 * One system that persists a client's message exactly once, durably on return. Implementations
 * are thread-safe for different clients; the benchmark gives each thread its own clients.
 */
public interface ConsumerPeer extends AutoCloseable {
    /** Persists the message; returns false when it was a duplicate. Durable when it returns. */
    boolean persist(String clientId, byte[] data, long messageId);

    @Override
    void close();
}

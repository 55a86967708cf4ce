package dev.mmwal.bench.peers;

/**
 * A system under test for appends that are not made durable: records must survive a crash of the
 * process (they are in the page cache or the system's own buffers), not a power loss.
 *
 * <p>Threads: {@link #appender()} is called by each benchmark thread for itself; {@link #close()}
 * by one thread once every appender is closed.
 */
public interface AppendLog extends AutoCloseable {
    /** A new appender for the calling thread. */
    Appender appender();

    /** Times an append found the log not ready and retried (mmwal's back-pressure), or 0. */
    default long retries() {
        return 0;
    }

    @Override
    void close();
}

package dev.mmwal.bench.peers;

import java.util.Map;

/**
 * A system under test for durable commits.
 *
 * <p>Threads: {@link #committer()} by each benchmark thread for itself; {@link #syncs()} and
 * {@link #addStats(Map)} from any thread; {@link #close()} by one thread at the end.
 */
public interface CommitLog extends AutoCloseable {
    /** A new committer for the calling thread. */
    Committer committer();

    /** Syncs (fdatasync/msync calls) issued so far, or -1 when the system does not say. */
    long syncs();

    /** Adds system-specific gauges (group-commit estimates, say) to {@code out}. */
    default void addStats(final Map<String, Double> out) {
    }

    @Override
    void close();
}

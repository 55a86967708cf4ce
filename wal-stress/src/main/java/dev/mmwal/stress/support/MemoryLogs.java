package dev.mmwal.stress.support;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A pool of {@link MemoryLog}s. jcstress creates a state object per trial; a state takes a log in
 * its constructor and gives it back from its {@code @Arbiter} (which runs after every actor is
 * done with it), so a run touches a bounded set of blocks instead of allocating 64 KiB per trial.
 * A state that cannot give its log back just drops it: the block is freed by the GC.
 */
public final class MemoryLogs {
    private static final ConcurrentLinkedQueue<MemoryLog> POOL = new ConcurrentLinkedQueue<>();

    private MemoryLogs() {
    }

    public static MemoryLog acquire() {
        final MemoryLog log = POOL.poll();
        return log != null ? log : new MemoryLog();
    }

    /** Returns {@code log} to the pool; the caller must not touch it again. */
    public static void release(final MemoryLog log) {
        log.reset();
        POOL.offer(log);
    }
}

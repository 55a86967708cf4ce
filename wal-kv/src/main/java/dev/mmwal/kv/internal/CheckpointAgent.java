package dev.mmwal.kv.internal;

import org.agrona.concurrent.Agent;

import java.util.function.LongSupplier;

/**
 * Runs the store's checkpoint (write dirty pages back, then a wal-txn checkpoint that truncates the
 * log) when {@code everyNanos} passed and the log grew, or when the log grew {@code everyBytes}.
 * Runs on its own {@code AgentRunner} thread.
 */
public final class CheckpointAgent implements Agent {
    private final long everyNanos;
    private final long everyBytes;
    private final LongSupplier tailLsn;
    private final Runnable checkpoint;
    private long lastNanos = System.nanoTime();
    private long lastTail;

    public CheckpointAgent(final long everyNanos, final long everyBytes, final LongSupplier tailLsn, final Runnable checkpoint) {
        this.everyNanos = everyNanos;
        this.everyBytes = everyBytes;
        this.tailLsn = tailLsn;
        this.checkpoint = checkpoint;
        this.lastTail = tailLsn.getAsLong();
    }

    @Override
    public int doWork() {
        final long now = System.nanoTime();
        final long tail = tailLsn.getAsLong();
        final boolean byTime = everyNanos > 0 && now - lastNanos >= everyNanos && tail != lastTail;
        final boolean bySize = everyBytes > 0 && tail - lastTail >= everyBytes;
        if (!byTime && !bySize) {
            return 0;
        }
        checkpoint.run();
        lastNanos = System.nanoTime();
        lastTail = tailLsn.getAsLong();
        return 1;
    }

    @Override
    public String roleName() {
        return "kv-checkpoint";
    }
}

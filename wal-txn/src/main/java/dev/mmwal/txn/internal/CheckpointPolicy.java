package dev.mmwal.txn.internal;

/**
 * When an automatic checkpoint is due: once the log grew {@code everyBytes} since the last one,
 * or {@code everyNanos} passed. A pure decision (no clock, no I/O inside): callers pass the
 * time and the log's tail. 0 turns a trigger off.
 */
public final class CheckpointPolicy {
    private final long everyBytes;
    private final long everyNanos;

    public CheckpointPolicy(final long everyBytes, final long everyNanos) {
        this.everyBytes = everyBytes;
        this.everyNanos = everyNanos;
    }

    public boolean enabled() {
        return everyBytes > 0 || everyNanos > 0;
    }

    /**
     * @param nowNanos       the clock now.
     * @param tailLsn        the log's tail now.
     * @param lastNanos      the clock at the last checkpoint.
     * @param lastTailLsn    the log's tail at the last checkpoint.
     */
    public boolean due(final long nowNanos, final long tailLsn, final long lastNanos, final long lastTailLsn) {
        final boolean bySize = everyBytes > 0 && tailLsn - lastTailLsn >= everyBytes;
        final boolean byTime = everyNanos > 0 && nowNanos - lastNanos >= everyNanos && tailLsn > lastTailLsn;
        return bySize || byTime;
    }
}

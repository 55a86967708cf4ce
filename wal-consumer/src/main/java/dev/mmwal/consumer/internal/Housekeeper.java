package dev.mmwal.consumer.internal;

import org.agrona.concurrent.Agent;

import java.util.function.LongSupplier;

/**
 * The agent that runs store-wide checkpoints by volume or time: once {@code checkpointBytes} of
 * records were appended since the last one, or {@code intervalNanos} passed while anything was
 * appended. The decision is {@link #isDue(long, long, long, long, long)}, a pure function; the
 * checkpoint itself is the {@link Checkpointer}'s. One thread (its {@code AgentRunner}'s) runs it.
 *
 * @param <S> the state type.
 */
public final class Housekeeper<S> implements Agent {
    private final Checkpointer<S> checkpointer;
    private final RecordWriter writer;
    private final StoreCounters counters;
    private final long checkpointBytes;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long lastCheckpointNanos;

    public Housekeeper(final Checkpointer<S> checkpointer, final RecordWriter writer, final StoreCounters counters,
                       final long checkpointBytes, final long intervalNanos, final LongSupplier clock) {
        this.checkpointer = checkpointer;
        this.writer = writer;
        this.counters = counters;
        this.checkpointBytes = checkpointBytes;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.lastCheckpointNanos = clock.getAsLong();
    }

    /** True when a checkpoint is due: by bytes appended (when {@code checkpointBytes > 0}) or by time (when {@code intervalNanos > 0}). */
    public static boolean isDue(final long appendedBytes, final long checkpointBytes, final long now, final long lastNanos,
                                final long intervalNanos) {
        if (appendedBytes <= 0) {
            return false;
        }
        return checkpointBytes > 0 && appendedBytes >= checkpointBytes || intervalNanos > 0 && now - lastNanos >= intervalNanos;
    }

    @Override
    public int doWork() {
        final long now = clock.getAsLong();
        if (!isDue(writer.appendedBytes(), checkpointBytes, now, lastCheckpointNanos, intervalNanos)) {
            return 0;
        }
        writer.resetAppendedBytes();
        lastCheckpointNanos = now;
        try {
            checkpointer.checkpoint(true);
        } catch (final RuntimeException ex) {
            // a broken interpreter or a closed log: the floor stays where it is; persists report the log's own failure
            counters.checkpointFailures.increment();
        }
        return 1;
    }

    @Override
    public String roleName() {
        return "mmwal-consumer-housekeeper";
    }
}

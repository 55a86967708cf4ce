package dev.mmwal.txn.internal;

import org.agrona.concurrent.Agent;

import java.util.function.LongSupplier;

/**
 * Takes automatic checkpoints when the {@link CheckpointPolicy} says one is due. Runs on its own
 * thread under an {@link org.agrona.concurrent.AgentRunner}; a failed checkpoint goes to the
 * runner's error handler and is retried at the next due point.
 */
public final class CheckpointAgent implements Agent {
    private final CheckpointPolicy policy;
    private final Checkpointer checkpointer;
    private final LongSupplier tailLsn;
    private final Runnable checkpoint;

    public CheckpointAgent(final CheckpointPolicy policy, final Checkpointer checkpointer, final LongSupplier tailLsn, final Runnable checkpoint) {
        this.policy = policy;
        this.checkpointer = checkpointer;
        this.tailLsn = tailLsn;
        this.checkpoint = checkpoint;
    }

    @Override
    public int doWork() {
        if (!policy.due(System.nanoTime(), tailLsn.getAsLong(), checkpointer.lastNanos(), checkpointer.lastTailLsn())) {
            return 0;
        }
        checkpoint.run();
        return 1;
    }

    @Override
    public String roleName() {
        return "mmwal-txn-checkpointer";
    }
}

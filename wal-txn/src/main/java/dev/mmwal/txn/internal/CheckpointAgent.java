package dev.mmwal.txn.internal;

import dev.mmwal.WalException;
import dev.mmwal.WalReader;
import org.agrona.concurrent.Agent;

import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Takes automatic checkpoints when the {@link CheckpointPolicy} (log growth, time) or the
 * {@link RecoveryTimePolicy} (estimated recovery time against its target) says one is due, and,
 * with a recovery-time target, measures the replay rate online: once per
 * {@link #PROBE_INTERVAL_NANOS} it times a {@link RedoProbe} over up to {@link #PROBE_BYTES} of
 * log from the last checkpoint's BEGIN and feeds {@link ReplayRate}. Runs on its own thread under
 * an {@link org.agrona.concurrent.AgentRunner}; a failed checkpoint goes to the runner's error
 * handler and is retried at the next due point.
 */
public final class CheckpointAgent implements Agent {
    static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long PROBE_BYTES = 1L << 20;

    private final CheckpointPolicy policy;
    private final RecoveryTimePolicy recoveryTimePolicy;
    private final ReplayRate replayRate;
    private final Checkpointer checkpointer;
    private final LongSupplier tailLsn;
    private final LongFunction<WalReader> readers;
    private final Runnable checkpoint;
    private final LongSupplier clock;
    private final RedoProbe probe;
    private long lastProbeNanos;

    public CheckpointAgent(final CheckpointPolicy policy, final RecoveryTimePolicy recoveryTimePolicy, final ReplayRate replayRate,
                           final Checkpointer checkpointer, final LongSupplier tailLsn, final LongFunction<WalReader> readers,
                           final Runnable checkpoint, final LongSupplier clock) {
        this.policy = policy;
        this.recoveryTimePolicy = recoveryTimePolicy;
        this.replayRate = replayRate;
        this.checkpointer = checkpointer;
        this.tailLsn = tailLsn;
        this.readers = readers;
        this.checkpoint = checkpoint;
        this.clock = clock;
        this.probe = new RedoProbe(clock);
        this.lastProbeNanos = clock.getAsLong();
    }

    @Override
    public int doWork() {
        final long now = clock.getAsLong();
        final long tail = tailLsn.getAsLong();
        if (policy.due(now, tail, checkpointer.lastNanos(), checkpointer.lastTailLsn())
            || recoveryTimePolicy.due(tail, checkpointer.lastBeginLsn(), checkpointer.lastRedoLsn(), checkpointer.lastTailLsn(),
            replayRate.bytesPerSecond())) {
            checkpoint.run();
            return 1;
        }
        if (recoveryTimePolicy.enabled() && now - lastProbeNanos >= PROBE_INTERVAL_NANOS) {
            lastProbeNanos = now;
            try {
                probe.run(readers.apply(checkpointer.lastBeginLsn()), PROBE_BYTES);
                replayRate.probeSample(probe.bytes(), probe.nanos());
            } catch (final WalException truncatedUnderProbe) {
                // a checkpoint on another thread truncated what the probe was reading: no sample this time
            }
            return 1;
        }
        return 0;
    }

    @Override
    public String roleName() {
        return "mmwal-txn-checkpointer";
    }
}

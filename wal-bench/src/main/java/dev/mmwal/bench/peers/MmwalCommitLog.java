package dev.mmwal.bench.peers;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalMetrics;
import dev.mmwal.bench.support.MmwalConfigs;
import dev.mmwal.commit.FixedLingerPolicy;
import dev.mmwal.commit.GreedyPolicy;
import dev.mmwal.commit.GroupCommitPolicy;
import dev.mmwal.commit.OptimalBatchPolicy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * mmwal durable commits: {@link Wal#appendAndCommit(byte[])} per commit, group-committed by the
 * flusher under one of the three policies; otherwise {@link MmwalConfigs}' configuration (the
 * library defaults) unless a variant says otherwise.
 */
public final class MmwalCommitLog implements CommitLog {
    /** Linger of the fixed-linger policy: 100 us, about one sync's latency on this machine class. */
    public static final long FIXED_LINGER_NANOS = 100_000;
    /** Batch cap of the fixed-linger policy. */
    public static final long FIXED_LINGER_MAX_BATCH = 256;

    private final Wal wal;
    private final byte[] payload;

    public MmwalCommitLog(final Path dir, final String policy, final byte[] payload) {
        this(dir, policy, payload, UnaryOperator.identity());
    }

    /** With {@code tweak} applied to the default configuration (another write path or sync method). */
    public MmwalCommitLog(final Path dir, final String policy, final byte[] payload, final UnaryOperator<WalConfig.Builder> tweak) {
        this.wal = Wal.open(tweak.apply(MmwalConfigs.builder(dir).groupCommitPolicy(policy(policy))).build());
        this.payload = payload;
    }

    /** {@code nstar} (N* = sqrt(2·L·λ/C), C = 1, max linger 1 ms: the default), {@code greedy} or {@code linger}. */
    public static Supplier<GroupCommitPolicy> policy(final String name) {
        return switch (name) {
            case "nstar" -> () -> new OptimalBatchPolicy(1.0, 1_000_000);
            case "greedy" -> () -> GreedyPolicy.INSTANCE;
            case "linger" -> () -> new FixedLingerPolicy(FIXED_LINGER_NANOS, FIXED_LINGER_MAX_BATCH);
            default -> throw new IllegalArgumentException("unknown group-commit policy: policy=" + name + ", expected=nstar|greedy|linger");
        };
    }

    /** The log itself, for its metrics. */
    public Wal wal() {
        return wal;
    }

    @Override
    public Committer committer() {
        return new MmwalCommitter(wal, payload);
    }

    @Override
    public long syncs() {
        return wal.metrics().syncs();
    }

    @Override
    public void addStats(final Map<String, Double> out) {
        addStats(wal.metrics(), out);
    }

    /** The flusher's latest N*, L and λ estimates. */
    public static void addStats(final WalMetrics metrics, final Map<String, Double> out) {
        out.put("nstar", metrics.targetBatch());
        out.put("syncL_us", metrics.syncLatencyNanos() / 1e3);
        out.put("lambda_per_s", metrics.arrivalRatePerSecond());
    }

    @Override
    public void close() {
        wal.close();
    }

    private static final class MmwalCommitter implements Committer {
        private final Wal wal;
        private final byte[] payload;

        MmwalCommitter(final Wal wal, final byte[] payload) {
            this.wal = wal;
            this.payload = payload;
        }

        @Override
        public long commit() {
            return wal.appendAndCommit(payload);
        }
    }
}

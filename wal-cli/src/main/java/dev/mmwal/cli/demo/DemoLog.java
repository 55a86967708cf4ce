package dev.mmwal.cli.demo;

import dev.mmwal.SyncMethod;
import dev.mmwal.WalConfig;
import dev.mmwal.WritePath;
import dev.mmwal.cli.Units;
import dev.mmwal.commit.GroupCommitPolicy;
import dev.mmwal.commit.OptimalBatchPolicy;

import java.nio.file.Path;
import java.util.Locale;

/** The log the demo runs on: the library's defaults (group commit with OptimalBatchPolicy), only the segment size chosen. */
final class DemoLog {
    private DemoLog() {
    }

    static WalConfig config(final Path directory, final long segmentSize) {
        return WalConfig.builder(directory).segmentSize(segmentSize).build();
    }

    /** C, the weight of the configured {@link OptimalBatchPolicy}; NaN for another policy. */
    static double costWeight(final WalConfig config) {
        return config.newGroupCommitPolicy() instanceof OptimalBatchPolicy optimal ? optimal.costWeight() : Double.NaN;
    }

    /** The group-commit policy and sync method of {@code config}, in words. */
    static String describe(final WalConfig config) {
        final GroupCommitPolicy policy = config.newGroupCommitPolicy();
        final String how = policy instanceof OptimalBatchPolicy optimal
            ? String.format(Locale.ROOT, "OptimalBatchPolicy: batch N* = sqrt(2*L*lambda/C), C = %.1f, linger at most %s",
                optimal.costWeight(), Units.nanos(optimal.maxLingerNanos()))
            : policy.getClass().getSimpleName() + " (" + policy.name() + ")";
        return Units.bytes(config.segmentSize()) + " segments, " + config.writePath().name().toLowerCase(Locale.ROOT) + " write path, syncs by "
            + syncCall(config) + ", group commit " + how;
    }

    /** The system call that makes a batch durable under {@code config}. */
    static String syncCall(final WalConfig config) {
        return config.writePath() == WritePath.STAGED || config.syncMethod() == SyncMethod.FDATASYNC ? "fdatasync" : "msync";
    }
}

package dev.mmwal.txn;

import dev.mmwal.txn.format.ControlFileDescriptor;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link TxnLog} checkpoints and truncates. Built with {@link #builder()}; validated on
 * {@link Builder#build()}.
 *
 * <ul>
 *   <li>{@code checkpointEveryBytes}: an automatic checkpoint once the log has grown this much
 *   since the last one (0: never by size). Bounds the log analysis and redo must read.</li>
 *   <li>{@code checkpointEveryNanos}: an automatic checkpoint this long after the last (0: never
 *   by time).</li>
 *   <li>{@code truncateOnCheckpoint}: after each checkpoint, delete the segments wholly below
 *   min(redo start, oldest live transaction's first LSN, retention floor).</li>
 *   <li>{@code checkpointAfterRecovery}: take a checkpoint as soon as recovery finishes.</li>
 *   <li>{@code controlFile}: where {@code txn.control} lives (default: the log directory).</li>
 *   <li>{@code recoveryTimeTarget}: checkpoint whenever the estimated restart recovery time
 *   (log bytes analysis and redo would replay, over the replay rate measured online) reaches half
 *   of this bound (0: off, the default). Checkpoints bound replay only as far as the engine writes
 *   its oldest dirty pages back: {@link TxnLog#recoveryEstimate()} shows when they pin it.</li>
 *   <li>{@code assumedReplayBytesPerSecond}: the replay rate the target plans with until one was
 *   measured (default 64 MiB/s).</li>
 * </ul>
 */
public final class TxnConfig {
    private final long checkpointEveryBytes;
    private final long checkpointEveryNanos;
    private final boolean truncateOnCheckpoint;
    private final boolean checkpointAfterRecovery;
    private final Path controlFile;
    private final long stopUndoAfterClrs;
    private final long recoveryTargetNanos;
    private final long assumedReplayBytesPerSecond;

    private TxnConfig(final Builder builder) {
        this.checkpointEveryBytes = builder.checkpointEveryBytes;
        this.checkpointEveryNanos = builder.checkpointEveryNanos;
        this.truncateOnCheckpoint = builder.truncateOnCheckpoint;
        this.checkpointAfterRecovery = builder.checkpointAfterRecovery;
        this.controlFile = builder.controlFile;
        this.stopUndoAfterClrs = builder.stopUndoAfterClrs;
        this.recoveryTargetNanos = builder.recoveryTargetNanos;
        this.assumedReplayBytesPerSecond = builder.assumedReplayBytesPerSecond;
    }

    /** The recovery-time bound the automatic checkpoints keep to, in nanoseconds (0: none). */
    public long recoveryTargetNanos() {
        return recoveryTargetNanos;
    }

    public long assumedReplayBytesPerSecond() {
        return assumedReplayBytesPerSecond;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: checkpoint every 64 MiB of log or 60 s, truncate, checkpoint after recovery. */
    public static TxnConfig defaults() {
        return builder().build();
    }

    public long checkpointEveryBytes() {
        return checkpointEveryBytes;
    }

    public long checkpointEveryNanos() {
        return checkpointEveryNanos;
    }

    public boolean truncateOnCheckpoint() {
        return truncateOnCheckpoint;
    }

    public boolean checkpointAfterRecovery() {
        return checkpointAfterRecovery;
    }

    /** The control file, resolved against the log directory. */
    public Path controlFile(final Path logDirectory) {
        return controlFile != null ? controlFile : logDirectory.resolve(ControlFileDescriptor.FILE_NAME);
    }

    long stopUndoAfterClrs() {
        return stopUndoAfterClrs;
    }

    /** Fluent, validated construction. */
    public static final class Builder {
        private long checkpointEveryBytes = 64L << 20;
        private long checkpointEveryNanos = TimeUnit.SECONDS.toNanos(60);
        private boolean truncateOnCheckpoint = true;
        private boolean checkpointAfterRecovery = true;
        private Path controlFile;
        private long stopUndoAfterClrs = -1;
        private long recoveryTargetNanos;
        private long assumedReplayBytesPerSecond = 64L << 20;

        private Builder() {
        }

        public Builder checkpointEveryBytes(final long bytes) {
            checkpointEveryBytes = bytes;
            return this;
        }

        public Builder checkpointEvery(final long duration, final TimeUnit unit) {
            checkpointEveryNanos = unit.toNanos(duration);
            return this;
        }

        /** No automatic checkpoints: only {@link TxnLog#checkpoint()}. */
        public Builder manualCheckpointsOnly() {
            checkpointEveryBytes = 0;
            checkpointEveryNanos = 0;
            return this;
        }

        public Builder truncateOnCheckpoint(final boolean value) {
            truncateOnCheckpoint = value;
            return this;
        }

        public Builder checkpointAfterRecovery(final boolean value) {
            checkpointAfterRecovery = value;
            return this;
        }

        public Builder controlFile(final Path file) {
            controlFile = file;
            return this;
        }

        /** Checkpoint so that restart recovery stays under {@code duration} (0: off). */
        public Builder recoveryTimeTarget(final long duration, final TimeUnit unit) {
            recoveryTargetNanos = unit.toNanos(duration);
            return this;
        }

        /** The replay rate the recovery-time target assumes until it measured one. */
        public Builder assumedReplayBytesPerSecond(final long bytesPerSecond) {
            assumedReplayBytesPerSecond = bytesPerSecond;
            return this;
        }

        /** Crash-test hook: recovery's undo pass throws after writing this many CLRs (-1: never). */
        public Builder stopUndoAfterClrs(final long clrs) {
            stopUndoAfterClrs = clrs;
            return this;
        }

        public TxnConfig build() {
            if (checkpointEveryBytes < 0) {
                throw new IllegalArgumentException("checkpointEveryBytes must be >= 0 (0: off): checkpointEveryBytes=" + checkpointEveryBytes);
            }
            if (checkpointEveryNanos < 0) {
                throw new IllegalArgumentException("checkpointEveryNanos must be >= 0 (0: off): checkpointEveryNanos=" + checkpointEveryNanos);
            }
            if (recoveryTargetNanos < 0) {
                throw new IllegalArgumentException("recoveryTimeTarget must be >= 0 (0: off): recoveryTargetNanos=" + recoveryTargetNanos);
            }
            if (assumedReplayBytesPerSecond <= 0) {
                throw new IllegalArgumentException("assumedReplayBytesPerSecond must be positive: assumedReplayBytesPerSecond="
                    + assumedReplayBytesPerSecond);
            }
            if (stopUndoAfterClrs < -1 || stopUndoAfterClrs == 0) {
                throw new IllegalArgumentException("stopUndoAfterClrs must be -1 (never) or positive: stopUndoAfterClrs=" + stopUndoAfterClrs);
            }
            return new TxnConfig(this);
        }
    }
}

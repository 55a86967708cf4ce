package dev.mmwal.consumer;

import dev.mmwal.WalConfig;
import dev.mmwal.consumer.format.ConsumerRecordDescriptor;
import dev.mmwal.format.Lsns;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Validated, immutable configuration of a {@link ConsumerStore}. The store's log lives in
 * {@code directory/serviceName}; {@link Builder#build()} fails fast with {@code key=value}
 * messages.
 *
 * @param <S> the state type of the interpreter.
 */
public final class ConsumerConfig<S> {
    public static final int DEFAULT_ENTRIES_PER_SNAPSHOT = 3;
    public static final int MAX_DEDUP_WINDOW = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Path directory;
    private final String serviceName;
    private final StateInterpreter<S> interpreter;
    private final int entriesPerSnapshot;
    private final long checkpointBytes;
    private final long checkpointIntervalNanos;
    private final int dedupWindow;
    private final int maxClientIdBytes;
    private final int maxDataBytes;
    private final int maxStateBytes;
    private final int retainedSegments;
    private final WalConfig walConfig;

    private ConsumerConfig(final Builder<S> builder, final WalConfig walConfig) {
        this.directory = builder.directory;
        this.serviceName = builder.serviceName;
        this.interpreter = builder.interpreter;
        this.entriesPerSnapshot = builder.entriesPerSnapshot;
        this.checkpointBytes = builder.checkpointBytes;
        this.checkpointIntervalNanos = builder.checkpointIntervalNanos;
        this.dedupWindow = builder.dedupWindow;
        this.maxClientIdBytes = builder.maxClientIdBytes;
        this.maxDataBytes = builder.maxDataBytes;
        this.maxStateBytes = builder.maxStateBytes;
        this.retainedSegments = builder.retainedSegments;
        this.walConfig = walConfig;
    }

    /** A builder for a store named {@code serviceName} under {@code directory}, merging with {@code interpreter}. */
    public static <S> Builder<S> builder(final Path directory, final String serviceName, final StateInterpreter<S> interpreter) {
        return new Builder<>(directory, serviceName, interpreter);
    }

    /** The directory holding the stores; this store's log is {@link #logDirectory()}. */
    public Path directory() {
        return directory;
    }

    public String serviceName() {
        return serviceName;
    }

    /** {@code directory/serviceName}: the mmwal log of this store. */
    public Path logDirectory() {
        return walConfig.directory();
    }

    public StateInterpreter<S> interpreter() {
        return interpreter;
    }

    public int entriesPerSnapshot() {
        return entriesPerSnapshot;
    }

    public long checkpointBytes() {
        return checkpointBytes;
    }

    public long checkpointIntervalNanos() {
        return checkpointIntervalNanos;
    }

    public int dedupWindow() {
        return dedupWindow;
    }

    public int maxClientIdBytes() {
        return maxClientIdBytes;
    }

    public int maxDataBytes() {
        return maxDataBytes;
    }

    public int maxStateBytes() {
        return maxStateBytes;
    }

    public int retainedSegments() {
        return retainedSegments;
    }

    public WalConfig walConfig() {
        return walConfig;
    }

    /** Fluent builder; every value is checked in {@link #build()}. */
    public static final class Builder<S> {
        private final Path directory;
        private final String serviceName;
        private final StateInterpreter<S> interpreter;
        private int entriesPerSnapshot = DEFAULT_ENTRIES_PER_SNAPSHOT;
        private long checkpointBytes = 64L << 20;
        private long checkpointIntervalNanos = TimeUnit.MINUTES.toNanos(5);
        private int dedupWindow;
        private int maxClientIdBytes = 256;
        private int maxDataBytes = 1 << 20;
        private int maxStateBytes = 4 << 20;
        private int retainedSegments = 2;
        private Consumer<WalConfig.Builder> walTuning = builder -> { };

        private Builder(final Path directory, final String serviceName, final StateInterpreter<S> interpreter) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            this.interpreter = Objects.requireNonNull(interpreter, "interpreter");
        }

        /**
         * Per client, every {@code count}-th accepted persist writes a SNAPSHOT (the merged state) in
         * place of an ENTRY (default 3, as the original store; 1 = every persist is a snapshot).
         */
        public Builder<S> entriesPerSnapshot(final int count) {
            entriesPerSnapshot = count;
            return this;
        }

        /** A store-wide checkpoint once this many bytes were appended since the last (0 = never; default 64 MiB). */
        public Builder<S> checkpointBytes(final long bytes) {
            checkpointBytes = bytes;
            return this;
        }

        /** A store-wide checkpoint at least this often while clients change (0 = never; default 5 minutes). */
        public Builder<S> checkpointInterval(final long duration, final TimeUnit unit) {
            checkpointIntervalNanos = unit.toNanos(duration);
            return this;
        }

        /**
         * Also accept ids out of order within the last {@code size} ids below a client's max id
         * (0 = strict: only ids above the max; at most {@value #MAX_DEDUP_WINDOW}).
         */
        public Builder<S> dedupWindow(final int size) {
            dedupWindow = size;
            return this;
        }

        /** Bytes (UTF-8) a client id may take: 1..65535, default 256. */
        public Builder<S> maxClientIdBytes(final int bytes) {
            maxClientIdBytes = bytes;
            return this;
        }

        /** Bytes a formatted message may take (default 1 MiB). */
        public Builder<S> maxDataBytes(final int bytes) {
            maxDataBytes = bytes;
            return this;
        }

        /** Bytes a formatted client state (a snapshot) may take (default 4 MiB). */
        public Builder<S> maxStateBytes(final int bytes) {
            maxStateBytes = bytes;
            return this;
        }

        /**
         * Segments a checkpoint leaves in place behind the tail's: clients whose oldest needed record
         * lies further back get a fresh snapshot so those segments can go (default 2, at least 1).
         */
        public Builder<S> retainedSegments(final int count) {
            retainedSegments = count;
            return this;
        }

        /** Adjusts the log's configuration (segment size, sync method...); the directory is set by the store. */
        public Builder<S> wal(final Consumer<WalConfig.Builder> tuning) {
            walTuning = Objects.requireNonNull(tuning, "tuning");
            return this;
        }

        public ConsumerConfig<S> build() {
            require(NAME.matcher(serviceName).matches(), "serviceName must match [A-Za-z0-9._-]{1,64}: serviceName=" + serviceName);
            final String id = interpreter.id();
            require(id != null && NAME.matcher(id).matches(), "interpreter id must match [A-Za-z0-9._-]{1,64}: interpreterId=" + id);
            require(entriesPerSnapshot >= 1, "entriesPerSnapshot must be at least 1: entriesPerSnapshot=" + entriesPerSnapshot);
            require(checkpointBytes >= 0, "checkpointBytes must not be negative: checkpointBytes=" + checkpointBytes);
            require(checkpointIntervalNanos >= 0, "checkpointInterval must not be negative: checkpointIntervalNanos=" + checkpointIntervalNanos);
            require(dedupWindow >= 0 && dedupWindow <= MAX_DEDUP_WINDOW,
                "dedupWindow must be in [0, " + MAX_DEDUP_WINDOW + "]: dedupWindow=" + dedupWindow);
            require(maxClientIdBytes >= 1 && maxClientIdBytes <= ConsumerRecordDescriptor.MAX_CLIENT_ID_LENGTH,
                "maxClientIdBytes must be in [1, 65535]: maxClientIdBytes=" + maxClientIdBytes);
            require(maxDataBytes >= 0, "maxDataBytes must not be negative: maxDataBytes=" + maxDataBytes);
            require(maxStateBytes >= 0, "maxStateBytes must not be negative: maxStateBytes=" + maxStateBytes);
            require(retainedSegments >= 1, "retainedSegments must be at least 1: retainedSegments=" + retainedSegments);
            final WalConfig.Builder walBuilder = WalConfig.builder(directory.resolve(serviceName));
            walTuning.accept(walBuilder);
            final WalConfig wal = walBuilder.build();
            final long largest = ConsumerRecordDescriptor.payloadLength(maxClientIdBytes, Math.max(maxDataBytes, maxStateBytes));
            require(largest <= Lsns.maxPayloadLength(wal.segmentSize()),
                "largest record does not fit a segment: maxClientIdBytes=" + maxClientIdBytes + ", maxDataBytes=" + maxDataBytes
                    + ", maxStateBytes=" + maxStateBytes + ", segmentSize=" + wal.segmentSize());
            return new ConsumerConfig<>(this, wal);
        }

        private static void require(final boolean condition, final String message) {
            if (!condition) {
                throw new IllegalArgumentException("invalid consumer store configuration: " + message);
            }
        }
    }
}

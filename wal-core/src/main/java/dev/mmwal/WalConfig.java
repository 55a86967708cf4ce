package dev.mmwal;

import dev.mmwal.commit.GroupCommitPolicy;
import dev.mmwal.commit.OptimalBatchPolicy;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Validated, immutable configuration of a log. Build with {@link #builder(Path)}; {@link Builder#build()}
 * fails fast with {@code key=value} messages.
 *
 * <p>Durability, precisely: a record appended with {@link Durability#NONE} survives a crash of the
 * process once published on the {@link WritePath#MAPPED} path (it sits in the shared page cache),
 * or once the flusher wrote it on the {@link WritePath#STAGED} path (within
 * {@code maxUnsyncedNanos}), and survives a power loss only once synced; a record whose LSN
 * {@link Wal#awaitDurable(long)} returned for survives both, on either path.
 */
public final class WalConfig {
    /** Default bytes per segment file: 64 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    /** Smallest segment size: 64 KiB. */
    public static final long MIN_SEGMENT_SIZE = 64L << 10;
    /** Largest segment size: 1 GiB. */
    public static final long MAX_SEGMENT_SIZE = 1L << 30;

    private final Builder settings;
    private final Path directory;
    private final long segmentSize;
    private final boolean segmentSizeExplicit;
    private final boolean createIfMissing;
    private final boolean errorIfExists;
    private final WalListener listener;
    private final FileOps.Preallocation preallocation;
    private final FileOps.Prefault prefault;
    private final long pretouchBytes;
    private final int segmentsAhead;
    private final FileOps fileOps;
    private final SyncMethod syncMethod;
    private final WritePath writePath;
    private final Supplier<GroupCommitPolicy> groupCommitPolicy;
    private final Supplier<IdleStrategy> flusherIdleStrategy;
    private final long maxUnsyncedNanos;
    private final int waitSpins;
    private final int waitYields;
    private final int maxSpinningWaiters;
    private final int maxParkedWaiters;
    private final RecoveryMode recoveryMode;
    private final double ewmaAlpha;
    private final Supplier<IdleStrategy> preparerIdleStrategy;
    private final long initialSyncLatencyNanos;
    private final long closeDrainNanos;
    private final int appendSpins;
    private final int appendYields;
    private final long appendParkNanos;
    private final long segmentRetryNanos;
    private final int recycleSegments;

    private WalConfig(final Builder b, final long pretouchBytes) {
        settings = b.copy();
        directory = b.directory;
        segmentSize = b.segmentSize;
        segmentSizeExplicit = b.segmentSizeExplicit;
        createIfMissing = b.createIfMissing;
        errorIfExists = b.errorIfExists;
        listener = b.listener;
        preallocation = b.preallocation;
        prefault = b.prefault;
        this.pretouchBytes = pretouchBytes;
        segmentsAhead = b.segmentsAhead;
        fileOps = b.fileOps;
        syncMethod = b.syncMethod;
        writePath = b.writePath;
        groupCommitPolicy = b.groupCommitPolicy;
        flusherIdleStrategy = b.flusherIdleStrategy;
        maxUnsyncedNanos = b.maxUnsyncedNanos;
        waitSpins = b.waitSpins;
        waitYields = b.waitYields;
        maxSpinningWaiters = b.maxSpinningWaiters;
        maxParkedWaiters = b.maxParkedWaiters;
        recoveryMode = b.recoveryMode;
        ewmaAlpha = b.ewmaAlpha;
        preparerIdleStrategy = b.preparerIdleStrategy;
        initialSyncLatencyNanos = b.initialSyncLatencyNanos;
        closeDrainNanos = b.closeDrainNanos;
        appendSpins = b.appendSpins;
        appendYields = b.appendYields;
        appendParkNanos = b.appendParkNanos;
        segmentRetryNanos = b.segmentRetryNanos;
        recycleSegments = b.recycleSegments;
    }

    /**
     * A builder with every setting at its default.
     *
     * @param directory the log directory (created when missing).
     * @return a new builder.
     */
    public static Builder builder(final Path directory) {
        return new Builder(directory);
    }

    /**
     * The log directory.
     *
     * @return the directory.
     */
    public Path directory() {
        return directory;
    }

    /**
     * Bytes per segment file. After {@link Wal#open}, {@link Wal#config()} holds the size the log
     * was created with when none was set explicitly.
     *
     * @return the segment size, a power of two.
     */
    public long segmentSize() {
        return segmentSize;
    }

    /**
     * True when {@link Builder#segmentSize(long)} was called: opening an existing log created with
     * another size then fails with {@link WalConfigException}. False for the default, which an
     * existing log's own size replaces.
     *
     * @return whether the size was set explicitly.
     */
    public boolean segmentSizeExplicit() {
        return segmentSizeExplicit;
    }

    /**
     * Whether {@link Wal#open} creates the directory and the log when there is none (default true).
     *
     * @return true when it creates them.
     */
    public boolean createIfMissing() {
        return createIfMissing;
    }

    /**
     * Whether {@link Wal#open} refuses a directory that already holds a log (default false).
     *
     * @return true when it refuses one.
     */
    public boolean errorIfExists() {
        return errorIfExists;
    }

    /**
     * Who hears about recovery, rolls, back-pressure and the fail-stop.
     *
     * @return the listener ({@link WalListener#NONE} by default).
     */
    public WalListener listener() {
        return listener;
    }

    /**
     * This configuration with the segment size of an existing log (its headers' {@code segmentSize}),
     * every derived default (the pretouch window) computed again for it. For {@link Wal#open}, when
     * the size was not set explicitly.
     */
    WalConfig withRecordedSegmentSize(final long recordedSize) {
        final Builder builder = settings.copy();
        builder.segmentSize = recordedSize;
        return builder.build();
    }


    /**
     * log2 of the segment size: an LSN's segment index is {@code lsn >>> segmentShift()}.
     *
     * @return the shift.
     */
    public int segmentShift() {
        return Long.numberOfTrailingZeros(segmentSize);
    }

    /**
     * How segment files are preallocated.
     *
     * @return the preallocation mode.
     */
    public FileOps.Preallocation preallocation() {
        return preallocation;
    }

    /**
     * How a new segment's pages are faulted in when it is prepared.
     *
     * @return the prefault mode.
     */
    public FileOps.Prefault prefault() {
        return prefault;
    }

    /**
     * Bytes at the start of a prepared segment made writable ahead of the appenders.
     *
     * @return the pretouch length in bytes.
     */
    public long pretouchBytes() {
        return pretouchBytes;
    }

    /**
     * Segments beyond the current one kept prepared.
     *
     * @return the count.
     */
    public int segmentsAhead() {
        return segmentsAhead;
    }

    /**
     * The file-operations seam every file access goes through.
     *
     * @return the file operations.
     */
    public FileOps fileOps() {
        return fileOps;
    }

    /**
     * How the mapped write path makes a batch durable.
     *
     * @return the sync method.
     */
    public SyncMethod syncMethod() {
        return syncMethod;
    }

    /**
     * Where appenders write.
     *
     * @return the write path.
     */
    public WritePath writePath() {
        return writePath;
    }

    /**
     * A fresh group-commit policy for one open log.
     *
     * @return a new policy instance.
     */
    public GroupCommitPolicy newGroupCommitPolicy() {
        return groupCommitPolicy.get();
    }

    /**
     * A fresh idle strategy for the flusher agent.
     *
     * @return a new idle strategy.
     */
    public IdleStrategy newFlusherIdleStrategy() {
        return flusherIdleStrategy.get();
    }

    /**
     * A fresh idle strategy for the segment preparer agent.
     *
     * @return a new idle strategy.
     */
    public IdleStrategy newPreparerIdleStrategy() {
        return preparerIdleStrategy.get();
    }

    /** {@return the guess of one sync's latency L the group-commit policy starts from, before the first sync is measured} */
    public long initialSyncLatencyNanos() {
        return initialSyncLatencyNanos;
    }

    /** {@return how long {@link Wal#close()} waits for reservations in flight to be published and synced} */
    public long closeDrainNanos() {
        return closeDrainNanos;
    }

    /**
     * Spins of a blocking append waiting for the next segment, before it yields.
     *
     * @return the spin count.
     */
    public int appendSpins() {
        return appendSpins;
    }

    /**
     * Yields of a blocking append waiting for the next segment, before it parks.
     *
     * @return the yield count.
     */
    public int appendYields() {
        return appendYields;
    }

    /**
     * Park time between looks of a blocking append waiting for the next segment.
     *
     * @return nanoseconds.
     */
    public long appendParkNanos() {
        return appendParkNanos;
    }

    /** {@return how long the preparer pauses after a failed segment creation before trying again} */
    public long segmentRetryNanos() {
        return segmentRetryNanos;
    }

    /**
     * How many truncated segments are kept for recycling.
     *
     * @return the most spares kept (0: truncation deletes them).
     */
    public int recycleSegments() {
        return recycleSegments;
    }


    /**
     * The longest a published record nobody waits for stays unsynced; 0: until asked.
     *
     * @return nanoseconds.
     */
    public long maxUnsyncedNanos() {
        return maxUnsyncedNanos;
    }

    /**
     * Checks a committer spins before yielding.
     *
     * @return the spin count.
     */
    public int waitSpins() {
        return waitSpins;
    }

    /**
     * Yields of a committer before it parks.
     *
     * @return the yield count.
     */
    public int waitYields() {
        return waitYields;
    }

    /**
     * Committers that may spin at once before the rest park.
     *
     * @return the count.
     */
    public int maxSpinningWaiters() {
        return maxSpinningWaiters;
    }

    /**
     * Slots for parked committers.
     *
     * @return the count.
     */
    public int maxParkedWaiters() {
        return maxParkedWaiters;
    }

    /**
     * What opening the log does with damage.
     *
     * @return the recovery mode.
     */
    public RecoveryMode recoveryMode() {
        return recoveryMode;
    }

    /**
     * Weight of the newest sample in the sync latency and arrival rate averages.
     *
     * @return alpha, in (0, 1].
     */
    public double ewmaAlpha() {
        return ewmaAlpha;
    }

    /** Fluent builder; every setter validates on {@link #build()}. */
    public static final class Builder {
        private final Path directory;
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private boolean segmentSizeExplicit;
        private boolean createIfMissing = true;
        private boolean errorIfExists;
        private WalListener listener = WalListener.NONE;
        private FileOps.Preallocation preallocation = FileOps.Preallocation.FALLOCATE;
        private FileOps.Prefault prefault = FileOps.Prefault.READ;
        private long pretouchBytes = -1;
        private int segmentsAhead = 1;
        private FileOps fileOps = PosixFileOps.INSTANCE;
        private SyncMethod syncMethod = SyncMethod.MSYNC;
        private WritePath writePath = WritePath.MAPPED;
        private Supplier<GroupCommitPolicy> groupCommitPolicy = () -> new OptimalBatchPolicy(1.0, 1_000_000);
        private Supplier<IdleStrategy> flusherIdleStrategy = () -> new BackoffIdleStrategy(64, 16, 1_000, 250_000);
        private long maxUnsyncedNanos = 10_000_000;
        private int waitSpins = 2_000;
        private int waitYields = 50;
        private int maxSpinningWaiters = Math.max(0, Runtime.getRuntime().availableProcessors() - 2);
        private int maxParkedWaiters = 1024;
        private RecoveryMode recoveryMode = RecoveryMode.TOLERATE_TORN_TAIL;
        private double ewmaAlpha = 0.1;
        private Supplier<IdleStrategy> preparerIdleStrategy = () -> new BackoffIdleStrategy(1, 1, 20_000, 200_000);
        private long initialSyncLatencyNanos = 100_000;
        private long closeDrainNanos = 10_000_000_000L;
        private int appendSpins = 100;
        private int appendYields = 900;
        private long appendParkNanos = 10_000;
        private long segmentRetryNanos = 100_000_000;
        private int recycleSegments;

        private Builder(final Path directory) {
            this.directory = directory;
        }

        /** A builder with every setting of this one. */
        private Builder copy() {
            final Builder b = new Builder(directory);
            b.segmentSize = segmentSize;
            b.segmentSizeExplicit = segmentSizeExplicit;
            b.createIfMissing = createIfMissing;
            b.errorIfExists = errorIfExists;
            b.listener = listener;
            b.preallocation = preallocation;
            b.prefault = prefault;
            b.pretouchBytes = pretouchBytes;
            b.segmentsAhead = segmentsAhead;
            b.fileOps = fileOps;
            b.syncMethod = syncMethod;
            b.writePath = writePath;
            b.groupCommitPolicy = groupCommitPolicy;
            b.flusherIdleStrategy = flusherIdleStrategy;
            b.maxUnsyncedNanos = maxUnsyncedNanos;
            b.waitSpins = waitSpins;
            b.waitYields = waitYields;
            b.maxSpinningWaiters = maxSpinningWaiters;
            b.maxParkedWaiters = maxParkedWaiters;
            b.recoveryMode = recoveryMode;
            b.ewmaAlpha = ewmaAlpha;
            b.preparerIdleStrategy = preparerIdleStrategy;
            b.initialSyncLatencyNanos = initialSyncLatencyNanos;
            b.closeDrainNanos = closeDrainNanos;
            b.appendSpins = appendSpins;
            b.appendYields = appendYields;
            b.appendParkNanos = appendParkNanos;
            b.segmentRetryNanos = segmentRetryNanos;
            return b;
        }

        /**
         * Bytes per segment file: a power of two in [64 KiB, 1 GiB]. Default 64 MiB for a new log;
         * an existing log keeps the size it was created with (its segment headers record it), and
         * setting another size here explicitly makes {@link Wal#open} fail with
         * {@link WalConfigException} naming both.
         *
         * @param bytes the segment size.
         * @return this builder.
         */
        public Builder segmentSize(final long bytes) {
            segmentSize = bytes;
            segmentSizeExplicit = true;
            return this;
        }

        /**
         * Create the directory and a new log when there is no log there (default true); false fails with {@link WalConfigException}.
         *
         * @param create whether to create them.
         * @return this builder.
         */
        public Builder createIfMissing(final boolean create) {
            createIfMissing = create;
            return this;
        }

        /**
         * Fail with {@link WalConfigException} when the directory already holds a log (default false).
         *
         * @param fail whether to fail then.
         * @return this builder.
         */
        public Builder errorIfExists(final boolean fail) {
            errorIfExists = fail;
            return this;
        }

        /**
         * Who hears about recovery, segment rolls, back-pressure and the fail-stop, off the hot path (see {@link WalListener}).
         *
         * @param value the listener.
         * @return this builder.
         */
        public Builder listener(final WalListener value) {
            listener = value;
            return this;
        }

        /**
         * How segment files are preallocated (default {@code FALLOCATE}, which fails fast on a full disk).
         *
         * @param value the preallocation mode.
         * @return this builder.
         */
        public Builder preallocation(final FileOps.Preallocation value) {
            preallocation = value;
            return this;
        }

        /**
         * How a new segment's pages are faulted in when it is prepared (default {@code READ}) while
         * the pretouch window is off ({@link #pretouchBytes(long)} 0, as with {@code FDATASYNC}).
         * With the window on, a new segment is populated writable whole ({@code WRITE}) whatever
         * this says: a read-prefaulted page still takes a write fault on the appender.
         *
         * @param mode the prefault mode.
         * @return this builder.
         */
        public Builder prefault(final FileOps.Prefault mode) {
            prefault = mode;
            return this;
        }

        /**
         * How far ahead of the tail the preparer keeps pages mapped writable
         * ({@code MADV_POPULATE_WRITE}, which changes no byte), so appenders take no page fault.
         * Default 4 MiB (at most a quarter segment) with {@link SyncMethod#MSYNC}; must be 0 with {@code FDATASYNC}, which would
         * write those pages back on every sync.
         *
         * @param bytes how many bytes to pretouch; 0 for none.
         * @return this builder.
         */
        public Builder pretouchBytes(final long bytes) {
            pretouchBytes = bytes;
            return this;
        }

        /**
         * How many segments beyond the current one are kept prepared (1..8, default 1).
         *
         * @param count segments kept prepared ahead.
         * @return this builder.
         */
        public Builder segmentsAhead(final int count) {
            segmentsAhead = count;
            return this;
        }

        /**
         * The file-operations seam; tests pass a fault-injecting one.
         *
         * @param ops the file operations.
         * @return this builder.
         */
        public Builder fileOps(final FileOps ops) {
            fileOps = ops;
            return this;
        }

        /**
         * How the mapped write path makes a batch durable (default {@code MSYNC}; the staged path always pwrites and fdatasyncs).
         *
         * @param method the sync method.
         * @return this builder.
         */
        public Builder syncMethod(final SyncMethod method) {
            syncMethod = method;
            return this;
        }

        /**
         * Where appenders write: see {@link WritePath} for what each survives. Default {@code MAPPED}.
         *
         * @param path the write path.
         * @return this builder.
         */
        public Builder writePath(final WritePath path) {
            writePath = path;
            return this;
        }

        /**
         * A factory, since each open log needs its own policy instance (policies hold no shared state).
         *
         * @param factory makes one policy per open log.
         * @return this builder.
         */
        public Builder groupCommitPolicy(final Supplier<GroupCommitPolicy> factory) {
            groupCommitPolicy = factory;
            return this;
        }

        /**
         * How the flusher idles when there is nothing to sync.
         *
         * @param factory makes one idle strategy per open log.
         * @return this builder.
         */
        public Builder flusherIdleStrategy(final Supplier<IdleStrategy> factory) {
            flusherIdleStrategy = factory;
            return this;
        }

        /**
         * Published records nobody waits for are synced at the latest this long after the oldest was
         * seen (default 10 ms); 0 syncs them only when asked ({@link Wal#flush()}, a commit, close).
         *
         * @param nanos the longest a record stays unsynced; 0 for no limit.
         * @return this builder.
         */
        public Builder maxUnsyncedNanos(final long nanos) {
            maxUnsyncedNanos = nanos;
            return this;
        }

        /**
         * How a committer waits: spin this many checks, then yield this many times, then park.
         *
         * @param spins  checks spun before yielding.
         * @param yields yields before parking.
         * @return this builder.
         */
        public Builder waitStrategy(final int spins, final int yields) {
            waitSpins = spins;
            waitYields = yields;
            return this;
        }

        /**
         * How many committers may spin (and yield) at once before parking; the rest park at once.
         * Default: two fewer than the cores, so the flusher always has one and the kernel's I/O
         * completion (and the appenders) another; on 2 cores, every waiter parks. 0 parks every waiter.
         *
         * @param count committers allowed to spin at once.
         * @return this builder.
         */
        public Builder maxSpinningWaiters(final int count) {
            maxSpinningWaiters = count;
            return this;
        }

        /**
         * Slots for parked committers; a committer that finds none free parks in short timed naps.
         *
         * @param count parking slots.
         * @return this builder.
         */
        public Builder maxParkedWaiters(final int count) {
            maxParkedWaiters = count;
            return this;
        }

        /**
         * What opening the log does with damage (see {@link RecoveryMode}).
         *
         * @param mode the recovery mode.
         * @return this builder.
         */
        public Builder recoveryMode(final RecoveryMode mode) {
            recoveryMode = mode;
            return this;
        }

        /**
         * Weight of the newest sample in the L and λ moving averages, in (0, 1].
         *
         * @param alpha the newest sample's weight.
         * @return this builder.
         */
        public Builder ewmaAlpha(final double alpha) {
            ewmaAlpha = alpha;
            return this;
        }

        /**
         * How the segment preparer idles between looks at the tail (default: back off from spinning to 200 us parks).
         *
         * @param factory makes one idle strategy per open log.
         * @return this builder.
         */
        public Builder preparerIdleStrategy(final Supplier<IdleStrategy> factory) {
            preparerIdleStrategy = factory;
            return this;
        }

        /**
         * The guess of one sync's latency the group-commit policy starts from (default 100 us), until the first sync is measured.
         *
         * @param nanos the starting guess of L.
         * @return this builder.
         */
        public Builder initialSyncLatencyNanos(final long nanos) {
            initialSyncLatencyNanos = nanos;
            return this;
        }

        /**
         * How long {@link Wal#close()} waits for reservations in flight to be published and synced (default 10 s).
         *
         * @param nanos the longest close waits.
         * @return this builder.
         */
        public Builder closeDrainNanos(final long nanos) {
            closeDrainNanos = nanos;
            return this;
        }

        /**
         * How a blocking append waits while the next segment is not ready: spin this many times,
         * then yield this many, then park this long between looks (default 100, 900, 10 us).
         *
         * @param spins     spins before yielding.
         * @param yields    yields before parking.
         * @param parkNanos park time between looks.
         * @return this builder.
         */
        public Builder appendBackoff(final int spins, final int yields, final long parkNanos) {
            appendSpins = spins;
            appendYields = yields;
            appendParkNanos = parkNanos;
            return this;
        }

        /**
         * How long the preparer pauses after it failed to create a segment (a full disk) before
         * trying again (default 100 ms). A blocking append waits for that next try and reports the
         * failure if it fails too; {@code tryClaim} reports {@link Wal#NO_SEGMENT} at once.
         *
         * @param nanos the pause before the next try.
         * @return this builder.
         */
        public Builder segmentRetryNanos(final long nanos) {
            segmentRetryNanos = nanos;
            return this;
        }

        /**
         * Keep up to {@code spares} segments that truncation removes, and prepare new segments from
         * them instead of creating and allocating files (default 0: truncation deletes). A spare is
         * renamed, made to read as zeros again with its blocks kept ({@code fallocate} ZERO_RANGE
         * where the file system has it, else zeros written), given a new header and renamed into
         * place: none of its old records can be read as live. Spares are named
         * {@code NAME.wal.spare}, survive restarts, and are used oldest first.
         *
         * @param spares how many to keep, 0..16.
         * @return this builder.
         */
        public Builder recycleSegments(final int spares) {
            recycleSegments = spares;
            return this;
        }

        /**
         * Validates every setting and builds the configuration; the builder is left as it was.
         *
         * @return the configuration.
         * @throws IllegalArgumentException when a setting is out of range, naming it and its value.
         */
        public WalConfig build() {
            require(directory != null, "directory=null");
            require(segmentSize >= MIN_SEGMENT_SIZE && segmentSize <= MAX_SEGMENT_SIZE && Long.bitCount(segmentSize) == 1,
                "segmentSize=" + segmentSize + ", expected=power of two in [" + MIN_SEGMENT_SIZE + ", " + MAX_SEGMENT_SIZE + "]");
            require(segmentsAhead >= 1 && segmentsAhead <= 8, "segmentsAhead=" + segmentsAhead + ", expected=[1, 8]");
            require(maxUnsyncedNanos >= 0, "maxUnsyncedNanos=" + maxUnsyncedNanos + ", expected>=0");
            require(waitSpins >= 0 && waitYields >= 0, "waitSpins=" + waitSpins + ", waitYields=" + waitYields + ", expected>=0");
            require(maxSpinningWaiters >= 0, "maxSpinningWaiters=" + maxSpinningWaiters + ", expected>=0");
            require(maxParkedWaiters >= 1 && maxParkedWaiters <= 1 << 16, "maxParkedWaiters=" + maxParkedWaiters + ", expected=[1, 65536]");
            require(ewmaAlpha > 0 && ewmaAlpha <= 1, "ewmaAlpha=" + ewmaAlpha + ", expected=(0, 1]");
            require(initialSyncLatencyNanos > 0, "initialSyncLatencyNanos=" + initialSyncLatencyNanos + ", expected>0");
            require(closeDrainNanos >= 0, "closeDrainNanos=" + closeDrainNanos + ", expected>=0");
            require(appendSpins >= 0 && appendYields >= 0 && appendParkNanos > 0,
                "appendSpins=" + appendSpins + ", appendYields=" + appendYields + ", appendParkNanos=" + appendParkNanos + ", expected>=0, >=0, >0");
            require(segmentRetryNanos > 0, "segmentRetryNanos=" + segmentRetryNanos + ", expected>0");
            require(recycleSegments >= 0 && recycleSegments <= 16, "recycleSegments=" + recycleSegments + ", expected=[0, 16]");
            Objects.requireNonNull(writePath, "writePath");
            Objects.requireNonNull(preparerIdleStrategy, "preparerIdleStrategy");
            final long pretouchBytes = this.pretouchBytes >= 0 ? this.pretouchBytes
                : syncMethod == SyncMethod.MSYNC && writePath == WritePath.MAPPED ? Math.min(4L << 20, segmentSize / 4) : 0;
            require(pretouchBytes == 0 || writePath == WritePath.MAPPED,
                "pretouchBytes=" + pretouchBytes + ", writePath=" + writePath + ", expected=0 on the staged path (appenders never touch the mapping)");
            require(pretouchBytes == 0 || syncMethod == SyncMethod.MSYNC && pretouchBytes <= segmentSize,
                "pretouchBytes=" + pretouchBytes + ", syncMethod=" + syncMethod + ", expected=0, or at most segmentSize with MSYNC");
            require(prefault != FileOps.Prefault.WRITE || syncMethod == SyncMethod.MSYNC,
                "prefault=WRITE, syncMethod=" + syncMethod + ", expected=syncMethod MSYNC (fdatasync would write every prefaulted page)");
            Objects.requireNonNull(preallocation, "preallocation");
            Objects.requireNonNull(fileOps, "fileOps");
            Objects.requireNonNull(syncMethod, "syncMethod");
            Objects.requireNonNull(groupCommitPolicy, "groupCommitPolicy");
            Objects.requireNonNull(flusherIdleStrategy, "flusherIdleStrategy");
            Objects.requireNonNull(recoveryMode, "recoveryMode");
            Objects.requireNonNull(listener, "listener");
            require(!errorIfExists || createIfMissing, "errorIfExists=true, createIfMissing=false, expected=createIfMissing when errorIfExists (no directory could be opened)");
            return new WalConfig(this, pretouchBytes);
        }

        private static void require(final boolean condition, final String detail) {
            if (!condition) {
                throw new IllegalArgumentException("invalid log configuration: " + detail);
            }
        }
    }
}

package dev.mmwal;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.CacheEpoch;
import dev.mmwal.io.Errno;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.internal.flush.CommitRequests;
import dev.mmwal.internal.flush.DurabilityWait;
import dev.mmwal.internal.flush.Flusher;
import dev.mmwal.internal.flush.SegmentSealer;
import dev.mmwal.format.CountersDescriptor;
import dev.mmwal.internal.log.SharedCounters;
import dev.mmwal.internal.log.AgentIdleStrategy;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.log.RecordWriter;
import dev.mmwal.internal.segment.LogDirectory;
import dev.mmwal.internal.segment.LogLock;
import dev.mmwal.internal.recovery.Recovery;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentFiles;
import dev.mmwal.internal.log.SegmentPreparer;
import dev.mmwal.internal.segment.SegmentTable;
import dev.mmwal.internal.log.StatusCodes;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A write-ahead log in a directory of memory-mapped, preallocated segment files.
 *
 * <p><b>Threads.</b> Any number of threads append concurrently: space is reserved with one CAS on
 * the tail (lock-free), the record is written with plain stores straight into the mapping, and its
 * frame length is published last with release. One flusher thread makes the log durable with
 * batched syncs (group commit); one preparer thread keeps the next segment ready. Committers wait
 * by spinning, then yielding, then parking; the flusher unparks exactly the ones it satisfied.
 *
 * <p><b>Durability.</b> An append returns the record's LSN once it is published: on the default
 * {@link WritePath#MAPPED} path it then survives a crash of the process (on {@link WritePath#STAGED},
 * once the flusher has written it), even when a reservation below it is never published: recovery
 * turns that one into padding (docs/recovery.md). {@link #awaitDurable(long)} returns once it survives power loss too. The first
 * failed sync, write or mapped-memory fault is terminal: see {@link WalFailedException}.
 *
 * <p><b>Hot paths allocate nothing</b>: copy appends, {@link #tryClaim(int, AppendClaim)} and
 * blocking waits.
 */
public final class Wal implements AutoCloseable {
    /** How often the flusher records the durable LSN in a segment header: one extra header sync per interval at most. */
    private static final long WATERMARK_INTERVAL_NANOS = 100_000_000L;

    /** {@link #tryClaim} result: the log is closed. */
    public static final long CLOSED = StatusCodes.CLOSED;
    /** {@link #tryClaim} result: the next segment is not prepared yet; retry. */
    public static final long BACK_PRESSURED = StatusCodes.BACK_PRESSURED;
    /** {@link #tryClaim} result: the log failed (fail-stop). */
    public static final long FAILED = StatusCodes.FAILED;
    /**
     * {@link #tryClaim} result: the next segment could not be created (a full disk, an I/O error;
     * {@link #nextSegmentFailure()} says which). Not a moment's wait like {@link #BACK_PRESSURED}:
     * the log stays valid and the preparer retries every 100 ms, so it clears once space is freed.
     */
    public static final long NO_SEGMENT = StatusCodes.NO_SEGMENT;

    /** Entries of a log directory that are mmwal's own: with nothing else, the directory counts as empty. */
    private static final Set<String> OWN_ENTRIES = Set.of(LogLock.FILE_NAME, WalTailer.POSITION_DIRECTORY, CountersDescriptor.FILE_NAME);

    private final WalConfig config;
    private final LogEngine engine;
    private final RecoveryReport recoveryReport;
    private final LogLock lock;
    private final CommitRequests commits;
    private final DurabilityWait durability;
    private final SegmentSealer sealer;
    private final Flusher flusher;
    private final AgentRunner flusherRunner;
    private final AgentRunner preparerRunner;
    /** Held by truncation while it removes and unmaps segments, and by the sealer while it writes a header. */
    private final Object truncationLock = new Object();
    private volatile boolean closed;
    private final SharedCounters counters;

    private Wal(final WalConfig config, final LogLock lock, final Recovery.Result recovered, final SharedCounters counters) {
        this.config = config;
        this.counters = counters;
        this.lock = lock;
        this.recoveryReport = recovered.report();
        final SegmentTable table = config.writePath() == WritePath.STAGED ? recovered.table().staged(recovered.endLsn()) : recovered.table();
        this.engine = new LogEngine(config, table, recovered.endLsn());
        this.commits = new CommitRequests(config.maxParkedWaiters());
        engine.onFailure(this::onFailure);
        this.durability = new DurabilityWait(engine, commits, this::stopped);
        this.sealer = new SegmentSealer(engine, truncationLock, engine.durableLsnAcquire(), WATERMARK_INTERVAL_NANOS);
        this.flusher = new Flusher(engine, commits, sealer);
        this.flusherRunner = new AgentRunner(new AgentIdleStrategy(config.newFlusherIdleStrategy()), this::onAgentError, null, flusher);
        this.preparerRunner = new AgentRunner(new AgentIdleStrategy(config.newPreparerIdleStrategy()), this::onAgentError, null,
            new SegmentPreparer(engine, counters));
        engine.observer().opened(recoveryReport, config.segmentSize(), PosixFileOps.nativeAccess());
        AgentRunner.startOnThread(flusherRunner, this::agentThread);
        AgentRunner.startOnThread(preparerRunner, this::agentThread);
    }

    /**
     * Opens the log in {@code config.directory()}, recovering its end; creates the directory and
     * a new log when there is none and {@link WalConfig#createIfMissing()} allows it.
     *
     * <p>An existing log is self-describing: its segment headers record the segment size it was
     * created with, and that size is used (and is what {@link #config()} reports) unless one was
     * set explicitly. A directory that holds other files and no segment is never made a log.
     *
     * @param requested the directory and every setting.
     * @return the open log; close it.
     * @throws WalConfigException when the configuration conflicts with the directory: an explicit
     * segment size other than the log's, {@code errorIfExists} on a log, {@code createIfMissing(false)}
     * without one, a path that is not a directory, a directory of other files.
     * @throws WalCorruptionException when a segment is damaged beyond what the recovery mode tolerates.
     * @throws WalException when another process holds the log or the directory cannot be used (the
     * message names the errno).
     */
    public static Wal open(final WalConfig requested) {
        final Path directory = requested.directory();
        LogLock lock = null;
        try {
            final LogDirectory found = prepareDirectory(requested);
            lock = LogLock.acquire(directory);
            // an existing log is checked under its lock: another writer is the first thing to report
            final WalConfig config = found.kind() == LogDirectory.Kind.LOG ? adoptExisting(requested, found) : requested;
            final CacheEpoch epoch = config.fileOps().cacheEpoch(directory);
            final Recovery.Result recovered = new Recovery(config, lock.previousEpoch().sameAs(epoch)).recover();
            lock.recordEpoch(epoch);
            return new Wal(config, lock, recovered, SharedCounters.create(directory));
        } catch (final IOException ex) {
            closeQuietly(lock);
            throw new WalException("cannot open log: dir=" + directory + ", cause=" + Errno.describe(ex), ex);
        } catch (final RuntimeException ex) {
            closeQuietly(lock);
            throw ex;
        }
    }

    /**
     * Checks what {@code config.directory()} holds against the configuration, creating it when
     * missing and allowed; refuses (changing nothing) a path that is not a directory, a directory
     * of other files, and no log where one must exist. Returns what it found.
     */
    private static LogDirectory prepareDirectory(final WalConfig config) throws IOException {
        final Path directory = config.directory();
        final LogDirectory found = LogDirectory.examine(directory, OWN_ENTRIES);
        return switch (found.kind()) {
            case NOT_A_DIRECTORY -> throw new WalConfigException("log directory path is not a directory: dir=" + directory
                + ", found=" + fileType(directory) + ", errno=" + Errno.describe(20));
            case FOREIGN -> throw new WalConfigException("directory holds other files and no log, refusing to make it a log: dir="
                + directory + ", entries=" + found.foreignEntries() + (found.foreignEntries().size() == LogDirectory.FOREIGN_SHOWN ? " (first "
                + LogDirectory.FOREIGN_SHOWN + ")" : "") + " (give the log an empty or new directory of its own)");
            case MISSING -> {
                requireCreate(config, "directory does not exist");
                Files.createDirectories(directory);
                yield found;
            }
            case EMPTY -> {
                requireCreate(config, "directory holds no log");
                yield found;
            }
            case LOG -> found;
        };
    }

    /** An existing log: refused under {@code errorIfExists}, else opened with what its headers record. */
    private static WalConfig adoptExisting(final WalConfig config, final LogDirectory found) throws IOException {
        if (config.errorIfExists()) {
            throw new WalConfigException("a log already exists and errorIfExists is set: dir=" + config.directory()
                + ", segments=" + found.segments().size());
        }
        return adoptRecorded(config, found.recorded());
    }

    private static void requireCreate(final WalConfig config, final String what) {
        if (!config.createIfMissing()) {
            throw new WalConfigException("no log to open and createIfMissing is false: dir=" + config.directory() + ", found=" + what);
        }
    }

    /** The configuration with what the log's headers record; a conflicting explicit setting fails, naming both. */
    private static WalConfig adoptRecorded(final WalConfig config, final LogDirectory.Recorded recorded) {
        if (recorded == null) {
            return config; // no header readable: recovery reports the damage, naming the file
        }
        final int version = recorded.formatVersion();
        if (version < SegmentDescriptor.OLDEST_READABLE_VERSION || version > SegmentDescriptor.FORMAT_VERSION) {
            throw new WalException("log format version is not supported by this mmwal: file=" + recorded.file()
                + ", fileVersion=" + version + ", softwareVersions=" + SegmentDescriptor.OLDEST_READABLE_VERSION + ".."
                + SegmentDescriptor.FORMAT_VERSION);
        }
        if (recorded.segmentSize() == config.segmentSize()) {
            return config;
        }
        if (config.segmentSizeExplicit()) {
            throw new WalConfigException("configured segment size differs from the log's: dir=" + config.directory()
                + ", configured=" + config.segmentSize() + ", log=" + recorded.segmentSize() + ", recordedIn=" + recorded.file().getFileName()
                + " (a log keeps the size it was created with; leave segmentSize unset to use it)");
        }
        return config.withRecordedSegmentSize(recorded.segmentSize());
    }

    private static String fileType(final Path path) {
        if (Files.isSymbolicLink(path) && !Files.exists(path)) {
            return "dangling symbolic link";
        }
        return Files.isRegularFile(path) ? "regular file" : "not a regular file or directory (a device, socket or pipe)";
    }


    /**
     * Opens (or creates) the log in {@code directory} with the default configuration.
     *
     * @param directory the log directory.
     * @return the open log; close it.
     * @see #open(WalConfig)
     */
    public static Wal open(final Path directory) {
        return open(WalConfig.builder(directory).build());
    }

    /**
     * A daemon thread for an agent. Agrona's runner hands every error to {@link #onAgentError}
     * (the log fails) and then rethrows an {@link Error} (a fault on a mapped segment is an
     * {@link InternalError}); the thread's handler takes it there, so a library thread never
     * prints a stack trace of its own: the failure reaches callers as {@link WalFailedException}.
     */
    private Thread agentThread(final Runnable runnable) {
        final Thread thread = new Thread(runnable);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, error) -> onAgentError(error));
        return thread;
    }

    /** Runs on every {@code fail}: wake the waiters to see it; the page-cache epoch is no longer trusted. */
    private void onFailure() {
        commits.waiters().wakeAll();
        lock.forgetEpoch();
    }

    /** True once {@link #close} has stopped the flusher: nothing more will become durable. */
    private boolean stopped() {
        return closed && flusherRunner.isClosed();
    }

    /** On the agent's own thread: fail the log, and report the fail-stop from here (off the hot path). */
    private void onAgentError(final Throwable error) {
        engine.fail(error);
        engine.observer().failStopped(engine.failure());
    }

    // ---------------------------------------------------------------- appending

    /**
     * Appends a DATA record with the payload {@code src}; returns its LSN once published.
     *
     * @param src the payload; all of it, from offset 0.
     * @return the record's LSN.
     */
    public long append(final MemorySegment src) {
        return append(RecordType.DATA, 0, 0, 0, src, 0, src.byteSize());
    }

    /**
     * Appends a DATA record; returns its LSN once published.
     *
     * @param src the payload.
     * @return the record's LSN.
     */
    public long append(final byte[] src) {
        return append(src, 0, src.length);
    }

    /**
     * Appends a DATA record holding {@code src[offset, offset + length)}; returns its LSN once published.
     *
     * @param src    the payload's array.
     * @param offset where the payload starts in it.
     * @param length the payload length.
     * @return the record's LSN.
     * @throws IndexOutOfBoundsException when the range is outside the array.
     */
    public long append(final byte[] src, final int offset, final int length) {
        java.util.Objects.checkFromIndexSize(offset, length, src.length);
        return write(RecordType.DATA, 0, 0, 0, (byte)0, 0, 0, src, null, offset, length);
    }

    /**
     * Appends a DATA record with the buffer's remaining bytes (position unchanged); returns its LSN.
     *
     * @param src the payload: its remaining bytes.
     * @return the record's LSN.
     */
    public long append(final ByteBuffer src) {
        if (src.hasArray()) {
            return append(src.array(), src.arrayOffset() + src.position(), src.remaining());
        }
        return append(MemorySegment.ofBuffer(src));
    }

    /**
     * Appends a record with every header field chosen by the caller; returns its LSN once published.
     *
     * @param type one of the {@link RecordType} codes an application writes (not PADDING).
     * @param txnId     the transaction id (0 outside transactions).
     * @param prevLsn   the same transaction's previous record, or 0.
     * @param pageId    the page the record changes, or 0.
     * @param src       the payload's memory.
     * @param srcOffset where the payload starts in {@code src}.
     * @param length    the payload length.
     * @return the record's LSN.
     */
    public long append(final byte type, final long txnId, final long prevLsn, final long pageId,
                       final MemorySegment src, final long srcOffset, final long length) {
        return append(type, txnId, prevLsn, pageId, (byte)0, 0, 0, src, srcOffset, length);
    }

    /**
     * The full form: also {@code flags}, the page {@code offset} and the before-image length.
     *
     * @param type         one of the {@link RecordType} codes an application writes (not PADDING).
     * @param txnId        the transaction id (0 outside transactions).
     * @param prevLsn      the same transaction's previous record, or 0.
     * @param pageId       the page the record changes, or 0.
     * @param flags        the header's flag byte.
     * @param pageOffset   the offset in the page.
     * @param beforeLength how many payload bytes, from its start, are the before image.
     * @param src          the payload's memory.
     * @param srcOffset    where the payload starts in {@code src}.
     * @param length       the payload length.
     * @return the record's LSN.
     */
    public long append(final byte type, final long txnId, final long prevLsn, final long pageId, final byte flags,
                       final int pageOffset, final int beforeLength, final MemorySegment src, final long srcOffset, final long length) {
        checkType(type);
        if (beforeLength < 0 || beforeLength > length) {
            throw new IllegalArgumentException("before image longer than the payload: beforeLength=" + beforeLength + ", payloadLength=" + length);
        }
        return write(type, txnId, prevLsn, pageId, flags, pageOffset, beforeLength, null, src, srcOffset, length);
    }

    /**
     * Every copying append: reserve, then the one record writer's begin, the copy (from
     * {@code array} when it is not null, else from {@code src}), commit. Allocation-free.
     */
    private long write(final byte type, final long txnId, final long prevLsn, final long pageId, final byte flags, final int pageOffset,
                       final int beforeLength, final byte[] array, final MemorySegment src, final long srcOffset, final long length) {
        final long lsn = reserveBlocking(length);
        final Segment segment = engine.segmentFor(lsn);
        try {
            final MemorySegment memory = segment.memory();
            final long at = lsn - segment.baseLsn();
            RecordWriter.begin(memory, at, lsn, type, txnId, prevLsn, pageId, flags, pageOffset, beforeLength);
            if (array != null) {
                MemorySegment.copy(array, (int)srcOffset, memory, ValueLayout.JAVA_BYTE, at + RecordDescriptor.HEADER_LENGTH, (int)length);
            } else {
                MemorySegment.copy(src, srcOffset, memory, at + RecordDescriptor.HEADER_LENGTH, length);
            }
            RecordWriter.commit(memory, at, type, RecordDescriptor.HEADER_LENGTH + (int)length);
        } catch (final InternalError | IllegalStateException ex) {
            throw onWriteFault(ex, lsn);
        }
        return lsn;
    }

    /**
     * Appends and waits until the record is durable: the one-call commit. Returns the LSN.
     *
     * @param src the payload.
     * @return the record's LSN, durable.
     */
    public long appendAndCommit(final MemorySegment src) {
        final long lsn = append(src);
        awaitDurable(lsn);
        return lsn;
    }

    /**
     * Appends a DATA record and waits until it is durable: the one-call commit.
     *
     * @param src the payload.
     * @return the record's LSN, durable.
     */
    public long appendAndCommit(final byte[] src) {
        final long lsn = append(src);
        awaitDurable(lsn);
        return lsn;
    }

    /**
     * Appends with the chosen durability: returns once published ({@code NONE}) or durable ({@code SYNC}).
     *
     * @param src        the payload.
     * @param durability whether to wait until the record is durable.
     * @return the record's LSN.
     */
    public long append(final MemorySegment src, final Durability durability) {
        final long lsn = append(src);
        if (durability == Durability.SYNC) {
            awaitDurable(lsn);
        }
        return lsn;
    }

    /**
     * Reserves space for a record of {@code payloadLength} bytes and wraps {@code claim} over it, for
     * zero-copy encoding. Does not block. The reservation is one compare-and-set of the tail (a
     * sequentially consistent read-modify-write): layers above may rely on reservations being
     * totally ordered with their other volatile accesses (wal-txn's fuzzy checkpoint does).
     *
     * @return the record's LSN (≥ 0), or {@link #BACK_PRESSURED}, {@link #NO_SEGMENT}, {@link #CLOSED} or
     * {@link #FAILED}.
     * @param payloadLength the payload bytes to reserve.
     * @param claim         the reusable claim to point at the reserved space.
     * @throws IllegalArgumentException when the payload cannot fit a segment.
     */
    public long tryClaim(final int payloadLength, final AppendClaim claim) {
        engine.checkPayloadLength(payloadLength);
        final int frameLength = RecordDescriptor.HEADER_LENGTH + payloadLength;
        final long lsn = reserve(RecordDescriptor.alignedLength(frameLength));
        if (lsn < 0) {
            return lsn;
        }
        final Segment segment = engine.segmentFor(lsn);
        try {
            claim.wrap(this, segment.memory(), lsn - segment.baseLsn(), lsn, frameLength);
        } catch (final InternalError | IllegalStateException ex) {
            throw onWriteFault(ex, lsn);
        }
        return lsn;
    }

    /**
     * Reserves, waiting while the next segment is not ready (the configured append back-off). A
     * segment that could not be created is waited for until the preparer's next try has failed as
     * well (a full disk freed meanwhile costs a pause, not an error), then reported.
     */
    private long reserveBlocking(final long payloadLength) {
        engine.checkPayloadLength(payloadLength);
        final int aligned = RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + (int)payloadLength);
        final int spins = config.appendSpins();
        final int yields = spins + config.appendYields();
        IOException firstFailure = null;
        long noSegmentSince = 0;
        for (int attempt = 0; ; attempt++) {
            final long lsn = reserve(aligned);
            if (lsn >= 0) {
                return lsn;
            }
            if (lsn == StatusCodes.NO_SEGMENT) {
                final IOException failure = engine.prepareFailure();
                if (firstFailure == null) {
                    firstFailure = failure;
                    noSegmentSince = System.nanoTime();
                } else if (failure != null && failure != firstFailure
                    || System.nanoTime() - noSegmentSince > 10 * config.segmentRetryNanos()) {
                    throw engine.statusException(lsn);
                }
            } else if (lsn != StatusCodes.BACK_PRESSURED) {
                throw engine.statusException(lsn);
            }
            if (attempt < spins) {
                Thread.onSpinWait();
            } else if (attempt < yields) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(config.appendParkNanos());
            }
        }
    }

    /** One reservation; a fault while it pads the old segment's tail (a roll) is a write fault. */
    private long reserve(final int alignedLength) {
        try {
            return engine.reserve(alignedLength);
        } catch (final InternalError | IllegalStateException ex) {
            throw onWriteFault(ex, engine.tailAcquire());
        }
    }

    private static void checkType(final byte type) {
        if (!RecordType.isWritable(type)) {
            throw new IllegalArgumentException("not a record type an application may write: type=" + RecordType.name(type) + ", writable=DATA (0x01), 0x10..0xFF");
        }
    }

    /** A store into a mapped segment faulted: fail the log (or report the close that unmapped it). */
    WalException onWriteFault(final Throwable fault, final long lsn) {
        if (fault instanceof IllegalStateException && closed) {
            return new WalClosedException("log closed during append: dir=" + config.directory() + ", lsn=" + lsn);
        }
        engine.fail(fault);
        return new WalFailedException("write to the mapped segment failed: dir=" + config.directory() + ", lsn=" + lsn, fault);
    }

    // ---------------------------------------------------------------- durability

    /** {@return the end of the durable prefix: every record with an LSN below it survives power loss} */
    public long durableLsn() {
        return engine.durableLsnAcquire();
    }

    /** {@return the next LSN to be reserved} */
    public long tailLsn() {
        return engine.tailAcquire();
    }

    /**
     * Blocks until the record at {@code lsn} is durable. Spins, then yields, then parks; allocates
     * nothing.
     *
     * @param lsn a record's LSN (as returned by an append).
     * @throws WalFailedException when the log fails before the record is durable.
     * @throws WalClosedException when the log is closed before the record is durable.
     */
    public void awaitDurable(final long lsn) {
        if (!awaitDurable(lsn, Long.MAX_VALUE)) {
            throw new IllegalStateException("unbounded wait returned early: lsn=" + lsn);
        }
    }

    /**
     * Timed form: returns false when {@code timeout} passes first.
     *
     * @param lsn     a record's LSN.
     * @param timeout how long to wait at most.
     * @param unit    the unit of {@code timeout}.
     * @return true when the record is durable.
     */
    public boolean awaitDurable(final long lsn, final long timeout, final TimeUnit unit) {
        return awaitDurable(lsn, unit.toNanos(timeout));
    }

    private boolean awaitDurable(final long lsn, final long timeoutNanos) {
        return durability.await(lsn, timeoutNanos);
    }

    private void checkAwaitable(final long lsn) {
        durability.checkAwaitable(lsn);
    }

    /**
     * Completes with the LSN once the record is durable, or exceptionally on failure or close. May allocate.
     *
     * @param lsn a record's LSN.
     * @return a future completed with {@code lsn}.
     */
    public CompletableFuture<Long> durableFuture(final long lsn) {
        if (engine.durableLsnAcquire() > lsn) {
            return CompletableFuture.completedFuture(lsn);
        }
        checkAwaitable(lsn);
        final CompletableFuture<Long> future = flusher.durableFuture(lsn);
        commits.announceCommit(lsn);
        return future;
    }

    /**
     * Makes every record reserved so far durable, waiting for reservations still being written.
     * (The durable LSN is always a record start, so waiting for {@code tail - 1} covers the last one.)
     */
    public void flush() {
        awaitDurable(engine.tailAcquire() - 1);
    }

    // ---------------------------------------------------------------- reading

    /**
     * A reader from {@code fromLsn} over published records.
     *
     * @param fromLsn a record's LSN, or 0 for the first record.
     * @return a single-threaded reader.
     */
    public WalReader reader(final long fromLsn) {
        return new WalReader(engine, fromLsn, ReadBound.PUBLISHED);
    }

    /**
     * A reader from {@code fromLsn}, bounded by the published end or the durable LSN.
     *
     * @param fromLsn a record's LSN, or 0 for the first record.
     * @param bound   how far it may read.
     * @return a single-threaded reader.
     */
    public WalReader reader(final long fromLsn, final ReadBound bound) {
        return new WalReader(engine, fromLsn, bound);
    }

    /**
     * A tailer from {@code fromLsn} that waits with the default idle strategy when caught up:
     * spin, yield, then park from 1 us doubling up to 1 ms (see {@link WalTailer}): a caught-up
     * tailer sees a new record within about a millisecond and costs little CPU.
     *
     * @param fromLsn a record's LSN, or 0 for the first record.
     * @param bound   how far it may read.
     * @return a single-threaded tailer.
     */
    public WalTailer tailer(final long fromLsn, final ReadBound bound) {
        return tailer(fromLsn, bound, WalTailer.newDefaultIdleStrategy());
    }

    /**
     * A named tailer (see {@link #namedTailer(String, ReadBound, org.agrona.concurrent.IdleStrategy)}) with the default idle strategy.
     *
     * @param name  the tailer's name: letters, digits, '.', '_' or '-'.
     * @param bound how far it may read.
     * @return a single-threaded tailer that resumes where it last committed.
     */
    public WalTailer namedTailer(final String name, final ReadBound bound) {
        return namedTailer(name, bound, WalTailer.newDefaultIdleStrategy());
    }

    /**
     * A tailer from {@code fromLsn} that waits with {@code idleStrategy} when caught up.
     *
     * @param fromLsn      a record's LSN, or 0 for the first record.
     * @param bound        how far it may read.
     * @param idleStrategy how {@link WalTailer#take} waits when caught up.
     * @return a single-threaded tailer.
     */
    public WalTailer tailer(final long fromLsn, final ReadBound bound, final org.agrona.concurrent.IdleStrategy idleStrategy) {
        return new WalTailer(new WalReader(engine, fromLsn, bound), idleStrategy, config.fileOps(), null, () -> closed);
    }

    /**
     * A named tailer: it resumes from the position last committed with {@link WalTailer#commitPosition()}
     * (or from the first record when it never committed one).
     *
     * @param name         the tailer's name: letters, digits, '.', '_' or '-'.
     * @param bound        how far it may read.
     * @param idleStrategy how {@link WalTailer#take} waits when caught up.
     * @return a single-threaded tailer; one live tailer per name.
     */
    public WalTailer namedTailer(final String name, final ReadBound bound, final org.agrona.concurrent.IdleStrategy idleStrategy) {
        final Path file = WalTailer.positionFile(config.directory(), name);
        final long from = Math.max(WalTailer.readPosition(config.fileOps(), file, firstLsn()), firstLsn());
        return new WalTailer(new WalReader(engine, from, bound), idleStrategy, config.fileOps(), file, () -> closed);
    }

    /**
     * The lowest position any named tailer of this log has committed ({@link WalTailer#commitPosition()}),
     * or {@code Long.MAX_VALUE} when there is none: truncation below it would delete records a
     * named tailer has not read yet. Layers that truncate (checkpoints) take it into their floor.
     *
     * @return the lowest committed position of a named tailer, or {@code Long.MAX_VALUE} when there is none.
     * @throws WalException when a position file cannot be read.
     */
    public long namedTailerFloor() {
        final Path dir = config.directory().resolve(WalTailer.POSITION_DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return Long.MAX_VALUE;
        }
        long floor = Long.MAX_VALUE;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(WalTailer.POSITION_SUFFIX)).toList()) {
                floor = Math.min(floor, WalTailer.readPosition(config.fileOps(), file, Long.MAX_VALUE));
            }
        } catch (final IOException ex) {
            throw new WalException("cannot list named tailers: dir=" + dir + ", cause=" + Errno.describe(ex), ex);
        }
        return floor;
    }

    /** {@return the LSN of the first record still in the log (after truncation, the first kept segment's)} */
    public long firstLsn() {
        final SegmentTable table = engine.tableAcquire();
        return (table.firstIndex() << config.segmentShift()) + SegmentDescriptor.HEADER_LENGTH;
    }

    /**
     * Deletes the segments that lie wholly below {@code lsn} (log truncation after a checkpoint).
     * Only durable records can be truncated. Readers still positioned in a removed segment get a
     * {@link WalException} naming the LSN, never a fault; a reader caught inside a read of such a
     * segment at the moment it is unmapped also finds its thread's interrupt status set (the JDK
     * fails that access asynchronously, and sets the status with it). The log's own threads never
     * touch a segment truncation may remove while it removes it.
     *
     * @param lsn segments that end at or below it may be deleted.
     * @return how many segment files were deleted.
     */
    public int truncateBefore(final long lsn) {
        if (lsn > engine.durableLsnAcquire()) {
            throw new IllegalArgumentException("cannot truncate past the durable LSN: lsn=" + lsn + ", durableLsn=" + engine.durableLsnAcquire());
        }
        synchronized (truncationLock) {
            final long keepFrom = lsn >>> config.segmentShift();
            final SegmentTable before = engine.tableAcquire();
            if (keepFrom <= before.firstIndex()) {
                return 0;
            }
            engine.updateTable(table -> table.from(keepFrom));
            try {
                return SegmentFiles.remove(config.fileOps(), config.directory(), before, keepFrom, config.recycleSegments());
            } catch (final IOException ex) {
                throw new WalException("log truncation failed: dir=" + config.directory() + ", lsn=" + lsn + ", cause=" + Errno.describe(ex), ex);
            }
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Live counters and the group-commit model's estimates.
     *
     * @return the log's metrics (read without locking).
     */
    public WalMetrics metrics() {
        return engine.metrics();
    }

    /**
     * What opening the log found and repaired.
     *
     * @return the recovery report of this open.
     */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    /**
     * The configuration the log was opened with.
     *
     * @return the configuration.
     */
    public WalConfig config() {
        return config;
    }

    /**
     * Why the next segment could not be created, while that lasts (the cause behind
     * {@link #NO_SEGMENT}), else null.
     *
     * @return the preparer's last failure, or null.
     */
    public java.io.IOException nextSegmentFailure() {
        return engine.prepareFailure();
    }

    /** {@return true once the log is in the terminal FAILED state} */
    public boolean isFailed() {
        return engine.failure() != null;
    }

    /** The internal engine, for readers and tools in this module. */
    LogEngine engine() {
        return engine;
    }

    /**
     * Stops new appends, waits (up to 10 s) for reservations in flight to be published, makes
     * everything durable, stops the flusher and preparer, unmaps the segments and releases the lock.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        final long finalTail = engine.closeTail();
        RuntimeException failure = null;
        if (engine.failure() == null) {
            try {
                if (!awaitDurable(finalTail - 1, config.closeDrainNanos())) {
                    failure = new WalException("close timed out waiting for records in flight: dir=" + config.directory()
                        + ", durableLsn=" + engine.durableLsnAcquire() + ", tail=" + finalTail);
                }
            } catch (final WalException ex) {
                failure = ex;
            }
        }
        closed = true;
        flusherRunner.close();
        preparerRunner.close();
        counters.close();
        engine.observer().failStopped(engine.failure());
        if (failure == null && engine.failure() == null) {
            try {
                sealer.recordWatermark(engine.durableLsnVolatile());
            } catch (final IOException | RuntimeException | InternalError ex) {
                engine.fail(ex);
                failure = new WalFailedException("recording the durable LSN at close failed: dir=" + config.directory(), ex);
            }
        }
        commits.waiters().wakeAll();
        flusher.failRemaining(new WalClosedException("log closed: dir=" + config.directory()));
        final SegmentTable table = engine.tableAcquire();
        for (long index = table.firstIndex(); index < table.endIndex(); index++) {
            table.get(index).close();
        }
        engine.tableRelease(SegmentTable.EMPTY);
        lock.close();
        engine.observer().closed(engine.durableLsnVolatile());
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(final LogLock lock) {
        if (lock != null) {
            lock.close();
        }
    }
}

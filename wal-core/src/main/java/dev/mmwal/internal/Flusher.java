package dev.mmwal.internal;

import dev.mmwal.SyncMethod;
import dev.mmwal.commit.CommitEstimates;
import dev.mmwal.commit.GroupCommitPolicy;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The single thread that makes the log durable. An Agrona {@link Agent}; each duty cycle:
 * <ol>
 *   <li>extends the contiguous published prefix: acquire-reads frame lengths from the end of the
 *   last one and stops at the first record not yet published (it never skips a reservation still
 *   being written);</li>
 *   <li>asks the {@link GroupCommitPolicy} whether to sync now or linger;</li>
 *   <li>syncs every segment the range touches (a batch spanning a roll syncs both), then publishes
 *   the durable LSN and wakes exactly the waiters it satisfied.</li>
 * </ol>
 * The durable LSN never decreases and never passes a byte that was not synced. The first failed
 * sync or mapped-memory fault puts the log in FAILED state: never retried, never acknowledged.
 *
 * <p>While commits are pending it reports work, so its runner never parks and committers are not
 * made to pay a wake-up hand-off.
 */
public final class Flusher implements Agent {
    /** How often the durable LSN is recorded in a segment header: one extra header sync per interval at most. */
    public static final long WATERMARK_INTERVAL_NANOS = 100_000_000L;

    private final LogEngine engine;
    private final GroupCommitPolicy policy;
    private final CommitEstimates estimates;
    private final SyncMethod syncMethod;
    private final long maxUnsyncedNanos;
    private final ConcurrentLinkedQueue<PendingFuture> futures = new ConcurrentLinkedQueue<>();

    private long scanPosition;
    private long publishedEnd;
    private long publishedRecords;
    private long durableEnd;
    private long requestsAtLastSync;
    private long lastSeenRequests;
    private long oldestPendingNanos;
    private long lastArrivalNanos;
    private long lastSyncNanos;
    private long unsyncedSinceNanos;
    private long sealedBelowIndex;
    private long lastWatermarkNanos;

    private record PendingFuture(long lsn, CompletableFuture<Long> future) {
    }

    public Flusher(final LogEngine engine) {
        this.engine = engine;
        this.policy = engine.config().newGroupCommitPolicy();
        this.estimates = new CommitEstimates(engine.config().ewmaAlpha(), 100_000);
        this.syncMethod = engine.config().syncMethod();
        this.maxUnsyncedNanos = engine.config().maxUnsyncedNanos();
        this.durableEnd = engine.durableLsnVolatile();
        this.publishedEnd = durableEnd;
        this.scanPosition = Lsns.nextRecordStart(durableEnd, engine.segmentSize());
        this.sealedBelowIndex = durableEnd >>> engine.segmentShift();
        this.lastSyncNanos = System.nanoTime();
    }

    @Override
    public void onStart() {
        engine.flusherThread(Thread.currentThread());
    }

    private boolean idleAnnounced;

    @Override
    public int doWork() {
        final int work = flushDutyCycle();
        if (work > 0) {
            if (idleAnnounced) {
                idleAnnounced = false;
                engine.flusherIdle(false);
            }
            return work;
        }
        if (!idleAnnounced) {
            idleAnnounced = true;
            engine.flusherIdle(true);
        }
        // A committer increments the request count and then reads the idle flag; re-reading the
        // count after setting the flag means one of the two always sees the other.
        if (engine.commitRequests().getVolatile() != lastSeenRequests || !futures.isEmpty()) {
            idleAnnounced = false;
            engine.flusherIdle(false);
            return 1;
        }
        return 0;
    }

    private int flushDutyCycle() {
        if (engine.failure() != null) {
            return 0;
        }
        // Announcements are read before the scan. A committer publishes its record, raises the
        // awaited LSN, then counts its request, so every request seen here is for a record that
        // was published before the scan began: the scan finds it unless an earlier reservation is
        // still being written, and then the awaited LSN keeps the commit pending past this sync.
        final long requests = engine.commitRequests().getVolatile();
        final long awaitedLsn = engine.awaitedLsnVolatile();
        int work = 0;
        try {
            work += scanPublished();
        } catch (final IllegalStateException | InternalError ex) {
            engine.fail(ex);
            return 0;
        }
        final long now = System.nanoTime();
        final long pendingCommits = requests - requestsAtLastSync;
        if (requests != lastSeenRequests) {
            if (lastSeenRequests == requestsAtLastSync) {
                oldestPendingNanos = now;
            }
            lastSeenRequests = requests;
            lastArrivalNanos = now;
        }
        final boolean someoneWaits = awaitedLsn >= durableEnd || !futures.isEmpty();
        if (publishedEnd == durableEnd) {
            unsyncedSinceNanos = 0;
            if (Lsns.nextRecordStart(publishedEnd, engine.segmentSize()) >= engine.tailAcquire()) {
                // Nothing reserved beyond the durable end: every request so far is satisfied.
                requestsAtLastSync = requests;
                return work;
            }
            // A writer is still filling a reservation that someone may be waiting for: keep looking.
            return work + (someoneWaits ? 1 : 0);
        }
        if (someoneWaits) {
            final long linger = policy.decide(now, Math.max(1, pendingCommits), oldestPendingNanos, lastArrivalNanos, estimates);
            if (linger == GroupCommitPolicy.FLUSH_NOW) {
                sync(now, requests);
            }
            return work + 1;
        }
        if (unsyncedSinceNanos == 0) {
            unsyncedSinceNanos = now;
        }
        if (maxUnsyncedNanos > 0 && now - unsyncedSinceNanos >= maxUnsyncedNanos) {
            sync(now, requests);
            return work + 1;
        }
        return work;
    }

    /** Extends the published prefix from {@link #scanPosition}; returns 1 when it moved. */
    private int scanPublished() {
        final long limit = engine.tailAcquire();
        long position = scanPosition;
        long end = publishedEnd;
        long records = 0;
        // end tracks the last record's end; the loop leaves position at the next record start
        Segment segment = null;
        while (position < limit) {
            if (segment == null || position - segment.baseLsn() >= engine.segmentSize()) {
                segment = engine.segmentFor(position);
                if (segment == null) {
                    break;
                }
            }
            final MemorySegment memory = segment.memory();
            final long offset = position - segment.baseLsn();
            final int frameLength = RecordDescriptor.frameLengthAcquire(memory, offset);
            if (frameLength <= 0) {
                break;
            }
            if (RecordDescriptor.type(memory, offset) != RecordType.PADDING) {
                records++;
            }
            end = position + RecordDescriptor.alignedLength(frameLength);
            position = Lsns.nextRecordStart(end, engine.segmentSize());
        }
        if (end == publishedEnd) {
            return 0;
        }
        // The published end is where the next record will start: past a segment's implicit tail
        // gap, so "durable > lsn" holds for every byte of a durable reservation, padding included.
        scanPosition = position;
        publishedEnd = position;
        publishedRecords += records;
        return 1;
    }

    private void sync(final long startNanos, final long requests) {
        final long from = durableEnd;
        final long to = publishedEnd;
        final FlushEvent event = new FlushEvent();
        event.begin();
        try {
            syncRange(from, to);
        } catch (final IOException | RuntimeException | InternalError ex) {
            engine.fail(ex);
            failFutures();
            return;
        }
        final long endNanos = System.nanoTime();
        durableEnd = to;
        engine.durableLsnVolatile(to);
        engine.waiters().wakeSatisfied(to);
        completeFutures(to);

        final long commits = requests - requestsAtLastSync;
        estimates.onSync(endNanos - startNanos);
        estimates.onArrivals(commits, startNanos - lastSyncNanos);
        estimates.onBatch(commits);
        lastSyncNanos = startNanos;
        requestsAtLastSync = requests;
        unsyncedSinceNanos = 0;
        final double target = policy.targetBatch(estimates);
        engine.metrics().onSync(publishedRecords, to - from, commits, endNanos - startNanos);
        engine.metrics().onEstimates(estimates.syncLatencyNanos(), estimates.arrivalsPerSecond(), target);
        if (event.shouldCommit()) {
            event.fromLsn = from;
            event.toLsn = to;
            event.records = publishedRecords;
            event.commits = commits;
            event.bytes = to - from;
            event.targetBatch = target;
            event.policy = policy.name();
            event.commit();
        }
        publishedRecords = 0;
        sealPassedSegments(to);
        if (endNanos - lastWatermarkNanos >= WATERMARK_INTERVAL_NANOS) {
            lastWatermarkNanos = endNanos;
            recordWatermark();
        }
    }

    /**
     * Now and then, records the durable LSN in the header of the segment it falls in, so recovery
     * can tell damage inside the acknowledged part (corruption: an error) from a torn tail.
     */
    private void recordWatermark() {
        try {
            engine.recordDurableWatermark();
        } catch (final IOException | RuntimeException | InternalError ex) {
            engine.fail(ex);
            failFutures();
        }
    }

    /** Syncs {@code [from, to)}, segment by segment, in log order. */
    private void syncRange(final long from, final long to) throws IOException {
        final long segmentSize = engine.segmentSize();
        long position = from;
        while (position < to) {
            final Segment segment = engine.segmentFor(position);
            if (segment == null) {
                throw new IOException("segment to sync is not mapped: lsn=" + position);
            }
            final long segmentEnd = segment.baseLsn() + segmentSize;
            final long rangeEnd = Math.min(to, segmentEnd);
            final long offset = position - segment.baseLsn();
            final MemorySegment staging = segment.staging();
            if (staging != null) {
                engine.ops().write(segment.channel(), staging.asSlice(offset, rangeEnd - position), offset);
                engine.ops().syncData(segment.channel());
            } else if (syncMethod == SyncMethod.MSYNC) {
                engine.ops().syncRange(segment.memory(), offset, rangeEnd - position);
            } else {
                engine.ops().syncData(segment.channel());
            }
            position = rangeEnd == segmentEnd ? Lsns.nextRecordStart(segmentEnd, segmentSize) : rangeEnd;
        }
    }

    /**
     * Once the durable LSN has passed a segment's end, every record in it is durable: mark it sealed
     * so recovery need not scan it. A failure here is a failed write like any other.
     */
    private void sealPassedSegments(final long durableLsn) {
        final long durableIndex = durableLsn >>> engine.segmentShift();
        final long segmentSize = engine.segmentSize();
        while (sealedBelowIndex < durableIndex) {
            final Segment segment = engine.segment(sealedBelowIndex);
            if (segment != null && !segment.isSealed()) {
                try {
                    SegmentDescriptor.seal(segment.fileMemory(), segment.baseLsn() + segmentSize);
                    engine.ops().syncRange(segment.fileMemory(), 0, SegmentDescriptor.HEADER_LENGTH);
                } catch (final IOException | RuntimeException | InternalError ex) {
                    engine.fail(ex);
                    failFutures();
                    return;
                }
            }
            sealedBelowIndex++;
        }
    }

    /** A future completed once {@code lsn} is durable (the async form of waiting). */
    public CompletableFuture<Long> durableFuture(final long lsn) {
        final CompletableFuture<Long> future = new CompletableFuture<>();
        if (engine.durableLsnAcquire() > lsn) {
            future.complete(lsn);
            return future;
        }
        futures.add(new PendingFuture(lsn, future));
        final Throwable failure = engine.failure();
        if (failure != null) {
            future.completeExceptionally(engine.failedException());
        }
        return future;
    }

    private void completeFutures(final long durableLsn) {
        if (futures.isEmpty()) {
            return;
        }
        futures.removeIf(pending -> {
            if (pending.lsn < durableLsn) {
                pending.future.complete(pending.lsn);
                return true;
            }
            return false;
        });
    }

    private void failFutures() {
        PendingFuture pending;
        while ((pending = futures.poll()) != null) {
            pending.future.completeExceptionally(engine.failedException());
        }
    }

    /** On close: everything still pending can never complete. */
    public void failRemaining(final RuntimeException cause) {
        PendingFuture pending;
        while ((pending = futures.poll()) != null) {
            pending.future.completeExceptionally(cause);
        }
    }

    /** The end of the contiguous published prefix the flusher has seen (its thread only). */
    long publishedEnd() {
        return publishedEnd;
    }

    @Override
    public String roleName() {
        return "mmwal-flusher";
    }
}

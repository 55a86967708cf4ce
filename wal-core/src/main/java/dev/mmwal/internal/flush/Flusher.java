package dev.mmwal.internal.flush;

import dev.mmwal.SyncMethod;
import dev.mmwal.commit.GroupCommitPolicy;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.log.LogEngine;
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
 * made to pay a wake-up hand-off. What each sync teaches (estimates, counters, JFR) goes to
 * {@link FlushTelemetry}; what it makes durable is written down in headers by {@link SegmentSealer}.
 *
 * <p>Single-threaded: one agent thread (asserted); committers reach it only through
 * {@link CommitRequests} and {@link #durableFuture}.
 */
public final class Flusher implements Agent {
    private final LogEngine engine;
    private final CommitRequests commits;
    private final GroupCommitPolicy policy;
    private final FlushTelemetry telemetry;
    private final SegmentSealer sealer;
    private final SyncMethod syncMethod;
    private final long maxUnsyncedNanos;
    private final ConcurrentLinkedQueue<PendingFuture> futures = new ConcurrentLinkedQueue<>();

    private Thread thread;
    private boolean idleAnnounced;
    private long scanPosition;
    private long publishedEnd;
    private long publishedRecords;
    private long durableEnd;
    private long requestsAtLastSync;
    private long lastSeenRequests;
    private long oldestPendingNanos;
    private long lastArrivalNanos;
    private long unsyncedSinceNanos;
    private long lingerUntilNanos;
    private long requestsAtLinger = -1;

    private record PendingFuture(long lsn, CompletableFuture<Long> future) {
    }

    public Flusher(final LogEngine engine, final CommitRequests commits, final SegmentSealer sealer) {
        this.engine = engine;
        this.commits = commits;
        this.sealer = sealer;
        this.policy = engine.config().newGroupCommitPolicy();
        this.syncMethod = engine.config().syncMethod();
        this.maxUnsyncedNanos = engine.config().maxUnsyncedNanos();
        this.durableEnd = engine.durableLsnVolatile();
        this.publishedEnd = durableEnd;
        this.scanPosition = Lsns.nextRecordStart(durableEnd, engine.segmentSize());
        this.telemetry = new FlushTelemetry(policy, engine.metrics(), engine.config().ewmaAlpha(),
            engine.config().initialSyncLatencyNanos(), System.nanoTime());
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
        commits.flusherThread(thread);
    }

    @Override
    public int doWork() {
        assert thread == Thread.currentThread() : "the flusher runs on one thread: " + Thread.currentThread();
        final int work = flushDutyCycle();
        if (work > 0) {
            if (idleAnnounced) {
                idleAnnounced = false;
                commits.flusherIdle(false);
            }
            return work;
        }
        if (!idleAnnounced) {
            idleAnnounced = true;
            commits.flusherIdle(true);
        }
        // A committer increments the request count and then reads the idle flag; re-reading the
        // count after setting the flag means one of the two always sees the other.
        if (commits.requestsVolatile() != lastSeenRequests || !futures.isEmpty()) {
            idleAnnounced = false;
            commits.flusherIdle(false);
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
        final long requests = commits.requestsVolatile();
        final long awaitedLsn = commits.awaitedLsnVolatile();
        int work;
        try {
            work = scanPublished();
        } catch (final IllegalStateException | InternalError ex) {
            engine.fail(ex);
            return 0;
        }
        final long now = System.nanoTime();
        noteArrivals(requests, now);
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
            if (shouldSyncForCommits(requests, now)) {
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

    private void noteArrivals(final long requests, final long now) {
        if (requests != lastSeenRequests) {
            if (lastSeenRequests == requestsAtLastSync) {
                oldestPendingNanos = now;
            }
            lastSeenRequests = requests;
            lastArrivalNanos = now;
        }
    }

    /**
     * Asks the policy, and obeys a linger it returns: it is not asked again until the linger has
     * passed or another commit has arrived (which can complete the batch it waits for).
     */
    private boolean shouldSyncForCommits(final long requests, final long now) {
        if (requests == requestsAtLinger && now - lingerUntilNanos < 0) {
            return false;
        }
        final long pendingCommits = Math.max(1, requests - requestsAtLastSync);
        final long linger = policy.decide(now, pendingCommits, oldestPendingNanos, lastArrivalNanos, telemetry.estimates());
        if (linger == GroupCommitPolicy.FLUSH_NOW) {
            requestsAtLinger = -1;
            return true;
        }
        requestsAtLinger = requests;
        lingerUntilNanos = now + linger;
        return false;
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

    /**
     * Makes {@code [durableEnd, publishedEnd)} durable, publishes the new durable LSN and wakes
     * those it satisfied; then feeds the telemetry and the sealer. Any failure is fail-stop.
     */
    private void sync(final long startNanos, final long requests) {
        final long from = durableEnd;
        final long to = publishedEnd;
        final FlushEvent event = telemetry.beginEvent();
        if (event != null) {
            event.queueWait = requests != requestsAtLastSync ? Math.max(0, startNanos - oldestPendingNanos) : 0;
        }
        try {
            syncRange(from, to, event);
        } catch (final IOException | RuntimeException | InternalError ex) {
            failAndFailFutures(ex);
            return;
        }
        final long endNanos = System.nanoTime();
        durableEnd = to;
        engine.durableLsnVolatile(to);
        commits.waiters().wakeSatisfied(to);
        completeFutures(to);
        if (event != null) {
            event.sync = endNanos - startNanos - event.copy;
            event.wakeUp = System.nanoTime() - endNanos;
        }

        telemetry.onSync(event, startNanos, endNanos, from, to, publishedRecords, requests - requestsAtLastSync);
        requestsAtLastSync = requests;
        unsyncedSinceNanos = 0;
        publishedRecords = 0;
        try {
            sealer.afterSync(to, endNanos);
        } catch (final IOException | RuntimeException | InternalError ex) {
            failAndFailFutures(ex);
        }
    }

    /**
     * Syncs {@code [from, to)}, segment by segment, in log order; on the staged path adds the
     * time of each copy into the file to {@code event} when a recording wants it (else null).
     */
    private void syncRange(final long from, final long to, final FlushEvent event) throws IOException {
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
                final long copyStart = event != null ? System.nanoTime() : 0;
                engine.ops().write(segment.channel(), staging.asSlice(offset, rangeEnd - position), offset);
                if (event != null) {
                    event.copy += System.nanoTime() - copyStart;
                }
                engine.ops().syncData(segment.channel());
            } else if (syncMethod == SyncMethod.MSYNC) {
                engine.ops().syncRange(segment.memory(), offset, rangeEnd - position);
            } else {
                engine.ops().syncData(segment.channel());
            }
            position = rangeEnd == segmentEnd ? Lsns.nextRecordStart(segmentEnd, segmentSize) : rangeEnd;
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

    private void failAndFailFutures(final Throwable cause) {
        engine.fail(cause);
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

    /** The runner ended its loop: unless the log is closing, nothing more would become durable, so the log fails loudly. */
    @Override
    public void onClose() {
        if (!engine.isClosed()) {
            failAndFailFutures(new IllegalStateException("the flusher stopped while the log was open: dir=" + engine.directory()));
        }
    }

    @Override
    public String roleName() {
        return "mmwal-flusher";
    }
}

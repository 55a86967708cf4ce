package dev.mmwal.internal.log;

import dev.mmwal.WalMetrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters behind {@link WalMetrics}: one {@link AtomicLongArray} with each counter 128 bytes
 * from the next, so the flusher's updates never false-share with committers' reads. The flusher
 * is the single writer of every counter except the commit-wait ones, which committers add to.
 */
public final class WalMetricsImpl implements WalMetrics {
    private static final int STRIDE = 16;
    private static final int SYNCS = 0;
    private static final int BYTES_SYNCED = 1;
    private static final int RECORDS_SYNCED = 2;
    private static final int COMMITS_SYNCED = 3;
    private static final int LAST_BATCH_RECORDS = 4;
    private static final int LAST_BATCH_BYTES = 5;
    private static final int LAST_BATCH_COMMITS = 6;
    private static final int SYNC_LATENCY = 7;
    private static final int ARRIVAL_RATE_MILLI = 8;
    private static final int TARGET_BATCH_MILLI = 9;
    private static final int COMMIT_WAITS = 10;
    private static final int COMMIT_WAIT_NANOS = 11;
    private static final int SYNC_NANOS = 12;
    private static final int FAILED = 13;
    private static final int BACK_PRESSURED = 14;
    private static final int COUNT = 15;

    private final AtomicLongArray values = new AtomicLongArray((COUNT + 1) * STRIDE);

    private long get(final int counter) {
        return values.getAcquire((counter + 1) * STRIDE);
    }

    private void set(final int counter, final long value) {
        values.setRelease((counter + 1) * STRIDE, value);
    }

    private void addSingleWriter(final int counter, final long delta) {
        final int i = (counter + 1) * STRIDE;
        values.setRelease(i, values.getPlain(i) + delta);
    }

    /** Flusher only. */
    public void onSync(final long records, final long bytes, final long commits, final long nanos) {
        addSingleWriter(SYNCS, 1);
        addSingleWriter(BYTES_SYNCED, bytes);
        addSingleWriter(RECORDS_SYNCED, records);
        addSingleWriter(COMMITS_SYNCED, commits);
        addSingleWriter(SYNC_NANOS, nanos);
        set(LAST_BATCH_RECORDS, records);
        set(LAST_BATCH_BYTES, bytes);
        set(LAST_BATCH_COMMITS, commits);
    }

    /** Flusher only. */
    public void onEstimates(final double syncLatencyNanos, final double arrivalsPerSecond, final double targetBatch) {
        set(SYNC_LATENCY, (long)syncLatencyNanos);
        set(ARRIVAL_RATE_MILLI, (long)(arrivalsPerSecond * 1000));
        set(TARGET_BATCH_MILLI, (long)(targetBatch * 1000));
    }

    /** Any committer. */
    public void onCommitWait(final long nanos) {
        values.getAndAdd((COMMIT_WAITS + 1) * STRIDE, 1);
        values.getAndAdd((COMMIT_WAIT_NANOS + 1) * STRIDE, nanos);
    }

    /** Any appender, on the back-pressure path only (a reservation found the next segment not ready). */
    void onBackPressured() {
        values.getAndAdd((BACK_PRESSURED + 1) * STRIDE, 1);
    }

    @Override
    public long backPressured() {
        return get(BACK_PRESSURED);
    }

    void markFailed() {
        set(FAILED, 1);
    }

    @Override
    public long syncs() {
        return get(SYNCS);
    }

    @Override
    public long bytesSynced() {
        return get(BYTES_SYNCED);
    }

    @Override
    public long recordsSynced() {
        return get(RECORDS_SYNCED);
    }

    @Override
    public long commitsSynced() {
        return get(COMMITS_SYNCED);
    }

    @Override
    public long lastBatchRecords() {
        return get(LAST_BATCH_RECORDS);
    }

    @Override
    public long lastBatchBytes() {
        return get(LAST_BATCH_BYTES);
    }

    @Override
    public long lastBatchCommits() {
        return get(LAST_BATCH_COMMITS);
    }

    @Override
    public long syncLatencyNanos() {
        return get(SYNC_LATENCY);
    }

    @Override
    public double arrivalRatePerSecond() {
        return get(ARRIVAL_RATE_MILLI) / 1000.0;
    }

    @Override
    public double targetBatch() {
        return get(TARGET_BATCH_MILLI) / 1000.0;
    }

    @Override
    public long commitWaits() {
        return get(COMMIT_WAITS);
    }

    @Override
    public long commitWaitNanos() {
        return get(COMMIT_WAIT_NANOS);
    }

    @Override
    public long syncNanos() {
        return get(SYNC_NANOS);
    }

    @Override
    public boolean failed() {
        return get(FAILED) != 0;
    }

    @Override
    public String toString() {
        return String.format("syncs=%d, records=%d, bytes=%d, commits=%d, meanBatchRecords=%.2f, meanBatchCommits=%.2f,"
                + " L=%dus, lambda=%.0f/s, N*=%.2f, commitWaits=%d, failed=%s",
            syncs(), recordsSynced(), bytesSynced(), commitsSynced(), meanBatchRecords(), meanBatchCommits(),
            syncLatencyNanos() / 1000, arrivalRatePerSecond(), targetBatch(), commitWaits(), failed());
    }
}

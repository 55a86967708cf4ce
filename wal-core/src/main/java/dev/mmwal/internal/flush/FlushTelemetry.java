package dev.mmwal.internal.flush;

import dev.mmwal.commit.CommitEstimates;
import dev.mmwal.commit.GroupCommitPolicy;
import dev.mmwal.internal.log.WalMetricsImpl;
import jdk.jfr.EventType;

/**
 * What the flusher learns from each sync: the online estimates of sync latency L and arrival rate
 * λ the group-commit policy reads, the counters of {@link WalMetricsImpl}, and one JFR event per
 * sync when a recording enables it. Flusher thread only; no I/O.
 */
public final class FlushTelemetry {
    private static final EventType FLUSH_EVENT = EventType.getEventType(FlushEvent.class);

    private final CommitEstimates estimates;
    private final GroupCommitPolicy policy;
    private final WalMetricsImpl metrics;
    private long lastSyncNanos;

    /**
     * @param initialSyncLatencyNanos the guess of L until the first sync is measured.
     */
    public FlushTelemetry(final GroupCommitPolicy policy, final WalMetricsImpl metrics, final double ewmaAlpha,
                          final long initialSyncLatencyNanos, final long nowNanos) {
        this.policy = policy;
        this.metrics = metrics;
        this.estimates = new CommitEstimates(ewmaAlpha, initialSyncLatencyNanos);
        this.lastSyncNanos = nowNanos;
    }

    public CommitEstimates estimates() {
        return estimates;
    }

    /** A JFR event begun before a sync, or null when no recording wants it (then nothing is allocated). */
    public FlushEvent beginEvent() {
        if (!FLUSH_EVENT.isEnabled()) {
            return null;
        }
        final FlushEvent event = new FlushEvent();
        event.begin();
        return event;
    }

    /**
     * One sync of {@code [from, to)} holding {@code records} records and {@code commits} awaited
     * commits ran from {@code startNanos} to {@code endNanos}.
     */
    public void onSync(final FlushEvent event, final long startNanos, final long endNanos, final long from, final long to,
                       final long records, final long commits) {
        estimates.onSync(endNanos - startNanos);
        estimates.onArrivals(commits, startNanos - lastSyncNanos);
        estimates.onBatch(commits);
        lastSyncNanos = startNanos;
        final double target = policy.targetBatch(estimates);
        metrics.onSync(records, to - from, commits, endNanos - startNanos);
        metrics.onEstimates(estimates.syncLatencyNanos(), estimates.arrivalsPerSecond(), target);
        if (event != null && event.shouldCommit()) {
            event.fromLsn = from;
            event.toLsn = to;
            event.records = records;
            event.commits = commits;
            event.bytes = to - from;
            event.targetBatch = target;
            event.policy = policy.name();
            event.commit();
        }
    }
}

package dev.mmwal.commit;

/**
 * Online estimates of the two quantities group commit trades off: L, the sync latency, and λ, the
 * commit arrival rate, each an exponentially weighted moving average of the flusher's own
 * observations. Single writer (the flusher); other threads read the published metrics instead.
 * Allocation-free.
 */
public final class CommitEstimates {
    private final double alpha;
    private double syncLatencyNanos;
    private double arrivalsPerNano;
    private double peakBatch;
    private boolean haveSync;
    private boolean haveRate;

    /**
     * @param alpha weight of the newest sample, in (0, 1].
     * @param initialSyncLatencyNanos the latency assumed before the first sync is measured.
     */
    public CommitEstimates(final double alpha, final double initialSyncLatencyNanos) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA weight out of range: alpha=" + alpha + ", expected=(0,1]");
        }
        this.alpha = alpha;
        this.syncLatencyNanos = initialSyncLatencyNanos;
    }

    /** One sync took {@code durationNanos}. */
    public void onSync(final long durationNanos) {
        syncLatencyNanos = haveSync ? syncLatencyNanos + alpha * (durationNanos - syncLatencyNanos) : durationNanos;
        haveSync = true;
    }

    /** {@code arrivals} commits were requested during the last {@code intervalNanos}. */
    public void onArrivals(final long arrivals, final long intervalNanos) {
        if (intervalNanos <= 0) {
            return;
        }
        final double rate = (double)arrivals / intervalNanos;
        arrivalsPerNano = haveRate ? arrivalsPerNano + alpha * (rate - arrivalsPerNano) : rate;
        haveRate = true;
    }

    /**
     * A sync carried {@code commits} commits. Tracks a slowly decaying peak: no batch can exceed
     * the number of committers, and in a closed loop (each committer waits before committing
     * again) the peak is what a batch can reach at most.
     */
    public void onBatch(final long commits) {
        peakBatch = Math.max(commits, peakBatch * (1 - alpha / 4));
    }

    /** The decaying peak of commits per sync. */
    public double peakBatch() {
        return peakBatch;
    }

    /** L, in nanoseconds. */
    public double syncLatencyNanos() {
        return syncLatencyNanos;
    }

    /** λ, in commits per nanosecond. */
    public double arrivalsPerNano() {
        return arrivalsPerNano;
    }

    /** λ, in commits per second. */
    public double arrivalsPerSecond() {
        return arrivalsPerNano * 1e9;
    }
}

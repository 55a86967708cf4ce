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
     * Starts with no measured sync latency and an arrival rate of zero.
     *
     * @param alpha weight of the newest sample, in (0, 1].
     * @param initialSyncLatencyNanos the latency assumed before the first sync is measured.
     * @throws IllegalArgumentException if {@code alpha} is not in (0, 1].
     */
    public CommitEstimates(final double alpha, final double initialSyncLatencyNanos) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA weight out of range: alpha=" + alpha + ", expected=(0,1]");
        }
        this.alpha = alpha;
        this.syncLatencyNanos = initialSyncLatencyNanos;
    }

    /**
     * One sync took {@code durationNanos}; the first sample replaces the initial latency.
     *
     * @param durationNanos how long the sync took, in nanoseconds.
     */
    public void onSync(final long durationNanos) {
        syncLatencyNanos = haveSync ? syncLatencyNanos + alpha * (durationNanos - syncLatencyNanos) : durationNanos;
        haveSync = true;
    }

    /**
     * {@code arrivals} commits were requested during the last {@code intervalNanos}; ignored when
     * the interval is not positive.
     *
     * @param arrivals      commits requested in the interval.
     * @param intervalNanos the interval's length, in nanoseconds.
     */
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
     *
     * @param commits commits made durable by that sync.
     */
    public void onBatch(final long commits) {
        peakBatch = Math.max(commits, peakBatch * (1 - alpha / 4));
    }

    /**
     * The decaying peak of commits per sync.
     *
     * @return the peak, 0 before any batch was seen.
     */
    public double peakBatch() {
        return peakBatch;
    }

    /**
     * L, the estimated sync latency.
     *
     * @return L in nanoseconds; the initial latency until a sync is measured.
     */
    public double syncLatencyNanos() {
        return syncLatencyNanos;
    }

    /**
     * λ, the estimated commit arrival rate.
     *
     * @return λ in commits per nanosecond; 0 until arrivals are measured.
     */
    public double arrivalsPerNano() {
        return arrivalsPerNano;
    }

    /**
     * λ, the estimated commit arrival rate.
     *
     * @return λ in commits per second; 0 until arrivals are measured.
     */
    public double arrivalsPerSecond() {
        return arrivalsPerNano * 1e9;
    }
}

package dev.mmwal.txn.internal;

/**
 * The replay rate recovery achieves, in log bytes per second, measured online: from every
 * restart recovery (analysis and redo bytes over their time, the engine's redo calls included)
 * and, while the log runs, from timed scans of recent log ({@link RedoProbe}: reading and
 * decoding only, no engine call, so an optimistic bound). Each kind is a moving average
 * (weight {@code 1/4} per new sample); a recovery's measure, when there is one, is what the
 * estimate uses, else the probes', else the configured assumption. Samples of fewer than
 * {@link #MIN_SAMPLE_BYTES} are ignored: too short to time.
 *
 * <p>Thread-safe: samples from the recovering thread and the checkpoint agent are serialized by
 * this object's monitor; {@link #bytesPerSecond()} reads a volatile.
 */
public final class ReplayRate {
    public static final long MIN_SAMPLE_BYTES = 64 << 10;
    private static final double WEIGHT = 0.25;

    private final double assumedBytesPerSecond;
    private double recoveryRate;
    private double probeRate;
    private volatile double estimate;

    /** @param assumedBytesPerSecond the rate used until something was measured (positive). */
    public ReplayRate(final double assumedBytesPerSecond) {
        if (!(assumedBytesPerSecond > 0)) {
            throw new IllegalArgumentException("assumed replay rate must be positive: bytesPerSecond=" + assumedBytesPerSecond);
        }
        this.assumedBytesPerSecond = assumedBytesPerSecond;
        this.estimate = assumedBytesPerSecond;
    }

    /** A restart recovery replayed {@code bytes} in {@code nanos}. */
    public synchronized void recoverySample(final long bytes, final long nanos) {
        if (bytes >= MIN_SAMPLE_BYTES && nanos > 0) {
            recoveryRate = average(recoveryRate, bytes * 1e9 / nanos);
            publish();
        }
    }

    /** A probe read and decoded {@code bytes} of log in {@code nanos}. */
    public synchronized void probeSample(final long bytes, final long nanos) {
        if (bytes >= MIN_SAMPLE_BYTES && nanos > 0) {
            probeRate = average(probeRate, bytes * 1e9 / nanos);
            publish();
        }
    }

    private static double average(final double current, final double sample) {
        return current == 0 ? sample : current + WEIGHT * (sample - current);
    }

    private void publish() {
        estimate = recoveryRate > 0 ? recoveryRate : probeRate > 0 ? probeRate : assumedBytesPerSecond;
    }

    /** The replay rate to plan with, bytes per second (always positive). */
    public double bytesPerSecond() {
        return estimate;
    }

    /** Where {@link #bytesPerSecond()} comes from: "recovery", "probe" or "assumed". */
    public synchronized String source() {
        return recoveryRate > 0 ? "recovery" : probeRate > 0 ? "probe" : "assumed";
    }
}

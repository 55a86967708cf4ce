package dev.mmwal.bench.support;

import dev.mmwal.WalConfig;

import java.nio.file.Path;

/**
 * The configuration every benchmark opens mmwal with: the library defaults (64 MiB segments,
 * fallocated, read-prefaulted, mapped write path, msync, 4 MiB pretouch window ahead of the tail).
 * The system property {@code mmwal.bench.pretouchBytes} overrides the pretouch window (0 turns it
 * off; -1, the default, keeps the library's choice), to measure what pretouching buys;
 * {@code mmwal.bench.segmentsAhead} overrides how many segments are prepared ahead.
 */
public final class MmwalConfigs {
    /** Property overriding the pretouch window. */
    public static final String PRETOUCH_PROPERTY = "mmwal.bench.pretouchBytes";
    /** Property overriding how many segments are kept prepared ahead (0, the default, keeps the library's choice). */
    public static final String SEGMENTS_AHEAD_PROPERTY = "mmwal.bench.segmentsAhead";

    private MmwalConfigs() {
    }

    /** A builder for {@code dir} with the benchmark defaults applied. */
    public static WalConfig.Builder builder(final Path dir) {
        final WalConfig.Builder builder = WalConfig.builder(dir);
        final long pretouch = Long.getLong(PRETOUCH_PROPERTY, -1);
        final int ahead = Integer.getInteger(SEGMENTS_AHEAD_PROPERTY, 0);
        if (ahead > 0) {
            builder.segmentsAhead(ahead);
        }
        return pretouch < 0 ? builder : builder.pretouchBytes(pretouch);
    }
}

package dev.mmwal.bench.support;

import dev.mmwal.WalConfig;

import java.nio.file.Path;

/**
 * The configuration every benchmark opens mmwal with: the library defaults, except the pretouch
 * window, which is off unless the system property {@code mmwal.bench.pretouchBytes} says
 * otherwise ({@code -1}: the library's default, 4 MiB with msync; any other value: that many bytes).
 *
 * <p>Why off: in wal-core fd41111 the segment preparer's pretouch advances its mark to
 * {@code tail + pretouchBytes}, which is not page-aligned, so the next {@code MADV_POPULATE_WRITE}
 * fails with EINVAL and {@code PosixFileOps.prefault} falls back to reading and rewriting one
 * byte per page while appenders write the same pages: a lost update. A log filled to one segment
 * and closed cleanly then fails to reopen ({@code WalCorruptionException: CRC mismatch below the
 * durable LSN}), and the flusher can read a clobbered frame length and fail the log
 * ({@code segment to sync is not mapped}). With the window off both stop.
 */
public final class MmwalConfigs {
    /** Property overriding the pretouch window. */
    public static final String PRETOUCH_PROPERTY = "mmwal.bench.pretouchBytes";

    private MmwalConfigs() {
    }

    /** A builder for {@code dir} with the benchmark defaults applied. */
    public static WalConfig.Builder builder(final Path dir) {
        final WalConfig.Builder builder = WalConfig.builder(dir);
        final long pretouch = Long.getLong(PRETOUCH_PROPERTY, 0);
        return pretouch < 0 ? builder : builder.pretouchBytes(pretouch);
    }
}

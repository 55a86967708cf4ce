package dev.mmwal;

import dev.mmwal.internal.LogEngine;
import dev.mmwal.internal.SegmentSource;

import java.lang.foreign.MemorySegment;

/**
 * Test access to package-private seams of {@code dev.mmwal} (this class lives in that package on
 * the class path). The stress tests drive the real {@link AppendClaim} and {@link WalReader} code
 * over in-memory engines, and reach a live log's engine to emulate named kill points.
 */
public final class WalInternals {
    private WalInternals() {
    }

    public static LogEngine engine(final Wal wal) {
        return wal.engine();
    }

    /** A reader over any segment source (a {@link LogEngine} is one). */
    public static WalReader reader(final SegmentSource source, final long fromLsn, final ReadBound bound) {
        return new WalReader(source, fromLsn, bound);
    }

    /** Points {@code claim} at space reserved with {@link LogEngine#reserve(int)}, as {@link Wal#tryClaim} does. */
    public static void wrap(final AppendClaim claim, final MemorySegment memory, final long offset, final long lsn, final int frameLength) {
        claim.wrap(memory, offset, lsn, frameLength);
    }
}

package dev.mmwal.internal.flush;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.segment.Segment;

import java.io.IOException;

/**
 * Writes down in segment headers what the flusher made durable, so recovery knows it: a segment's
 * seal once the durable LSN has passed its end (recovery then need not scan it), and now and then
 * the durable watermark (damage below it is corruption, never a torn tail). Each header change
 * writes the copy readers do not trust, then syncs the header ({@link SegmentDescriptor}).
 *
 * <p>Flusher thread only, and once more from {@code close} after the flusher has stopped. Every
 * header write holds the log's removal lock, the lock truncation holds while it takes segments
 * out and unmaps them: a segment is either still in the table and mapped for the whole write, or
 * gone and skipped. Never unmapped under the write: a shared arena closed under an access makes
 * HotSpot fail that access asynchronously and set the thread's interrupt status with it.
 */
public final class SegmentSealer {
    private final LogEngine engine;
    private final Object removalLock;
    private final long watermarkIntervalNanos;
    private long sealedBelowIndex;
    private long lastWatermarkNanos;

    /**
     * @param removalLock held by whoever removes segments from the table and unmaps them (truncation).
     */
    public SegmentSealer(final LogEngine engine, final Object removalLock, final long durableLsn, final long watermarkIntervalNanos) {
        this.engine = engine;
        this.removalLock = removalLock;
        this.watermarkIntervalNanos = watermarkIntervalNanos;
        this.sealedBelowIndex = durableLsn >>> engine.segmentShift();
    }

    /** After a sync made everything below {@code durableLsn} durable: seal passed segments; record the watermark when due. */
    public void afterSync(final long durableLsn, final long nowNanos) throws IOException {
        sealPassedSegments(durableLsn);
        if (nowNanos - lastWatermarkNanos >= watermarkIntervalNanos) {
            lastWatermarkNanos = nowNanos;
            recordWatermark(durableLsn);
        }
    }

    private void sealPassedSegments(final long durableLsn) throws IOException {
        final long durableIndex = durableLsn >>> engine.segmentShift();
        while (sealedBelowIndex < durableIndex) {
            synchronized (removalLock) {
                // null once truncation removed it (it may, the moment its records are durable): no seal needed
                final Segment segment = engine.segment(sealedBelowIndex);
                if (segment != null && !segment.isSealed()) {
                    SegmentDescriptor.seal(segment.fileMemory(), segment.baseLsn() + engine.segmentSize());
                    engine.ops().syncRange(segment.fileMemory(), 0, SegmentDescriptor.HEADER_LENGTH);
                }
            }
            sealedBelowIndex++;
        }
    }

    /** Records {@code durableLsn} in the header of the segment it falls in, unless that segment is sealed. */
    public void recordWatermark(final long durableLsn) throws IOException {
        synchronized (removalLock) {
            final Segment segment = engine.segmentFor(durableLsn - 1);
            if (segment == null || segment.isSealed() || durableLsn <= segment.baseLsn() + SegmentDescriptor.HEADER_LENGTH) {
                return;
            }
            SegmentDescriptor.durableWatermark(segment.fileMemory(), durableLsn);
            engine.ops().syncRange(segment.fileMemory(), 0, SegmentDescriptor.HEADER_LENGTH);
        }
    }
}

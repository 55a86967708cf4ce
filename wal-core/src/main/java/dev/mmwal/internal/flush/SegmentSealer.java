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
 * <p>Flusher thread only, and once more from {@code close} after the flusher has stopped.
 */
public final class SegmentSealer {
    private final LogEngine engine;
    private final long watermarkIntervalNanos;
    private long sealedBelowIndex;
    private long lastWatermarkNanos;

    public SegmentSealer(final LogEngine engine, final long durableLsn, final long watermarkIntervalNanos) {
        this.engine = engine;
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
            final Segment segment = engine.segment(sealedBelowIndex);
            try {
                if (segment != null && !segment.isSealed()) {
                    SegmentDescriptor.seal(segment.fileMemory(), segment.baseLsn() + engine.segmentSize());
                    engine.ops().syncRange(segment.fileMemory(), 0, SegmentDescriptor.HEADER_LENGTH);
                }
            } catch (final IllegalStateException ex) {
                // Truncation may remove (and unmap) a segment the moment its records are durable,
                // before this seal: a removed segment needs no seal. Anything else is a fault.
                if (!engine.isRemoved(sealedBelowIndex)) {
                    throw ex;
                }
            }
            sealedBelowIndex++;
        }
    }

    /** Records {@code durableLsn} in the header of the segment it falls in, unless that segment is sealed. */
    public void recordWatermark(final long durableLsn) throws IOException {
        final Segment segment = engine.segmentFor(durableLsn - 1);
        if (segment == null || segment.isSealed() || durableLsn <= segment.baseLsn() + SegmentDescriptor.HEADER_LENGTH) {
            return;
        }
        SegmentDescriptor.durableWatermark(segment.fileMemory(), durableLsn);
        engine.ops().syncRange(segment.fileMemory(), 0, SegmentDescriptor.HEADER_LENGTH);
    }
}

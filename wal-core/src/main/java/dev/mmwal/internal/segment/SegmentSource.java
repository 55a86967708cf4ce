package dev.mmwal.internal.segment;

/** Where a reader finds mapped segments: a live log's table, or a read-only mapping of a directory. */
public interface SegmentSource {
    /** The mapped segment with this index, or null when it does not exist (yet, or any more). */
    Segment segment(long index);

    long segmentSize();

    /** True when segment {@code index} was removed (it lies before the first segment still present). */
    boolean isRemoved(long index);

    /** The end of the published log as far as this source knows; readers never go past it. */
    long publishedLimit();

    /** The end of the durable prefix; durable-only readers never go past it. */
    long durableLimit();
}

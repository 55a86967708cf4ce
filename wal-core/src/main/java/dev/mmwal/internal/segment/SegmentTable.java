package dev.mmwal.internal.segment;

import dev.mmwal.format.SegmentDescriptor;

/**
 * An immutable snapshot of the mapped segments, by segment index. Writers (preparer, truncation,
 * close) publish a new table with release; readers take it with acquire and index it without
 * locks. Copy-on-write is fine: it changes once per segment.
 */
public final class SegmentTable {
    public static final SegmentTable EMPTY = new SegmentTable(0, new Segment[0]);

    private final long firstIndex;
    private final Segment[] segments;

    private SegmentTable(final long firstIndex, final Segment[] segments) {
        this.firstIndex = firstIndex;
        this.segments = segments;
    }

    /** The segment with this index, or null when it is not mapped (not yet prepared, or truncated). */
    public Segment get(final long index) {
        final long i = index - firstIndex;
        return i >= 0 && i < segments.length ? segments[(int)i] : null;
    }

    public int size() {
        return segments.length;
    }

    public long firstIndex() {
        return firstIndex;
    }

    /** One past the last index held; {@code firstIndex} when empty. */
    public long endIndex() {
        return firstIndex + segments.length;
    }

    /** A table with {@code segment} appended; its index must follow the last one. */
    public SegmentTable with(final Segment segment) {
        if (segments.length == 0) {
            return new SegmentTable(segment.index(), new Segment[] {segment});
        }
        if (segment.index() != endIndex()) {
            throw new IllegalStateException("segments must be contiguous: expectedIndex=" + endIndex() + ", found=" + segment.index());
        }
        final Segment[] next = java.util.Arrays.copyOf(segments, segments.length + 1);
        next[segments.length] = segment;
        return new SegmentTable(firstIndex, next);
    }

    /**
     * This table for the staged write path: every segment that can still receive records (not
     * wholly below {@code endLsn}) gets a staging copy of what it holds.
     */
    public SegmentTable staged(final long endLsn) {
        SegmentTable result = EMPTY;
        for (final Segment segment : segments) {
            final long size = segment.size();
            final long valid = Math.min(size, Math.max(SegmentDescriptor.HEADER_LENGTH, endLsn - segment.baseLsn()));
            result = result.with(endLsn < segment.baseLsn() + size ? segment.withStaging(valid) : segment);
        }
        return result;
    }

    /** A table without the segments below {@code index}. */
    public SegmentTable from(final long index) {
        final long drop = Math.max(0, Math.min(segments.length, index - firstIndex));
        if (drop == 0) {
            return this;
        }
        return new SegmentTable(firstIndex + drop, java.util.Arrays.copyOfRange(segments, (int)drop, segments.length));
    }
}

package dev.mmwal;

import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.RecordValidator;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentSource;

import java.lang.foreign.MemorySegment;

/**
 * Reads records forward from any LSN, across segments, skipping padding and verifying each
 * record's CRC and {@code lsn}. Seeking is O(1): the LSN is the position.
 *
 * <p>Single-threaded: one reader per thread. Any number of readers run beside the appenders and
 * the flusher. A reader never passes the first record that is not yet published (nor, with
 * {@link ReadBound#DURABLE}, the durable LSN), so it sees each record exactly once, in log order.
 * Reading allocates nothing per record.
 */
public class WalReader {
    private final SegmentSource source;
    private final ReadBound bound;
    private final long segmentSize;
    private long position;
    private long limit;
    private Segment segment;

    WalReader(final SegmentSource source, final long fromLsn, final ReadBound bound) {
        this.source = source;
        this.bound = bound;
        this.segmentSize = source.segmentSize();
        seek(fromLsn);
    }

    /**
     * Positions the reader at {@code lsn}, which must be a record's start (or a segment's first record).
     *
     * @param lsn the position to read from next.
     */
    public final void seek(final long lsn) {
        if (lsn < 0) {
            throw new IllegalArgumentException("negative LSN: lsn=" + lsn);
        }
        if ((lsn & (RecordDescriptor.ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("LSN is not record-aligned: lsn=" + lsn + ", alignment=" + RecordDescriptor.ALIGNMENT);
        }
        position = Lsns.nextRecordStart(Math.max(lsn, SegmentDescriptor.HEADER_LENGTH), segmentSize);
        segment = null;
    }

    /** {@return the LSN the next record will be read from} */
    public final long position() {
        return position;
    }

    /**
     * Reads the next record into {@code record}.
     *
     * @return true when a record was read; false when the reader is at the end of what it may read
     * (call again later to follow a live log).
     * @param record the view to fill; valid until the next call.
     * @throws WalCorruptionException when a published record fails its checks.
     * @throws WalException when the segment was deleted (truncated) under the reader.
     */
    public final boolean next(final LogRecord record) {
        while (true) {
            if (position >= limit) {
                limit = bound == ReadBound.DURABLE ? source.durableLimit() : source.publishedLimit();
                if (position >= limit) {
                    return false;
                }
            }
            final Segment current = segmentAt(position);
            if (current == null) {
                return false;
            }
            final MemorySegment memory = current.memory();
            final long offset = position - current.baseLsn();
            int frameLength;
            try {
                frameLength = RecordDescriptor.frameLengthAcquire(memory, offset);
                if (frameLength == 0) {
                    // Unwritten is the normal end of the log, except below the durable LSN, where
                    // every byte was synced: there a zero frame is lost data, never "not yet".
                    final long durable = source.durableLimit();
                    if (position >= durable) {
                        return false;
                    }
                    // The record may have been published, and made durable, between the two reads
                    // above: the flusher made it durable only after it saw it published, so once
                    // the durable LSN is seen past it, a second read sees its frame length.
                    frameLength = RecordDescriptor.frameLengthAcquire(memory, offset);
                    if (frameLength == 0) {
                        throw new WalCorruptionException("record below the durable LSN is not written (zeroed): file=" + current.path()
                            + ", lsn=" + position + ", offset=" + offset + ", durableLsn=" + durable);
                    }
                }
                final int valid = RecordValidator.check(memory, offset, position);
                if (valid < 0) {
                    throw new WalCorruptionException("invalid record: file=" + current.path() + ", lsn=" + position
                        + ", offset=" + offset + ", problem=" + RecordValidator.describe(valid));
                }
            } catch (final IllegalStateException ex) {
                throw new WalException("segment was closed or deleted under the reader: file=" + current.path() + ", lsn=" + position, ex);
            }
            final long end = position + RecordDescriptor.alignedLength(frameLength);
            final byte type;
            try {
                type = RecordDescriptor.type(memory, offset);
            } catch (final IllegalStateException ex) {
                throw new WalException("segment was closed or deleted under the reader: file=" + current.path() + ", lsn=" + position, ex);
            }
            if (bound == ReadBound.DURABLE && end > limit) {
                limit = source.durableLimit();
                if (end > limit) {
                    return false;
                }
            }
            position = Lsns.nextRecordStart(end, segmentSize);
            if (type == RecordType.PADDING) {
                continue;
            }
            record.wrap(memory, offset, frameLength);
            return true;
        }
    }

    private Segment segmentAt(final long lsn) {
        final Segment current = segment;
        if (current != null && lsn - current.baseLsn() < segmentSize && lsn >= current.baseLsn()) {
            return current;
        }
        final long index = lsn >>> Long.numberOfTrailingZeros(segmentSize);
        final Segment found = source.segment(index);
        if (found == null && source.isRemoved(index)) {
            throw new WalException("segment is not available (deleted or truncated) under the reader: lsn=" + lsn);
        }
        if (found == null && lsn < source.durableLimit()) {
            throw new WalCorruptionException("a segment holding durable records is missing: lsn=" + lsn + ", durableLsn=" + source.durableLimit());
        }
        segment = found;
        return found;
    }
}

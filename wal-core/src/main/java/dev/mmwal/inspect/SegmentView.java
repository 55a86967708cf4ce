package dev.mmwal.inspect;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.segment.SegmentFiles;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One segment file of an {@link InspectedLog}, mapped read-only, with what its header says.
 *
 * <p>The header fields are read from a copy of the trusted header copy (see
 * {@link SegmentDescriptor#current}) taken when the log was opened, so they stay consistent for a
 * whole inspection while a live writer rewrites the header in place; the records are read through
 * the live mapping. Valid until its {@link InspectedLog} is closed; used by that log's thread only.
 */
public final class SegmentView {
    private final Path path;
    private final long baseLsn;
    private final long segmentSize;
    private final MemorySegment memory;
    private final MemorySegment header;
    private final long trustedCopyOffset;
    private final String headerProblem;

    SegmentView(final Path path, final long baseLsn, final long segmentSize, final MemorySegment memory, final String headerProblem) {
        this.path = path;
        this.baseLsn = baseLsn;
        this.segmentSize = segmentSize;
        this.memory = memory;
        this.headerProblem = headerProblem;
        this.trustedCopyOffset = memory.byteSize() >= SegmentDescriptor.HEADER_LENGTH ? SegmentDescriptor.currentOffset(memory) : -1;
        this.header = trustedCopyOffset < 0 ? null : copyOf(memory.asSlice(trustedCopyOffset, SegmentDescriptor.COPY_LENGTH));
    }

    /** A heap copy backed by longs, so the descriptor's 8-byte-aligned fields can be read from it. */
    private static MemorySegment copyOf(final MemorySegment copy) {
        final MemorySegment heap = MemorySegment.ofArray(new long[SegmentDescriptor.COPY_LENGTH / Long.BYTES]);
        MemorySegment.copy(copy, 0, heap, 0, SegmentDescriptor.COPY_LENGTH);
        return heap.asReadOnly();
    }

    /** {@return the file} */
    public Path path() {
        return path;
    }

    /** {@return the file's name, e.g. {@code 0000000000010000.wal}} */
    public String fileName() {
        return path.getFileName().toString();
    }

    /** {@return the LSN of the segment's first byte, as its file name encodes it} */
    public long baseLsn() {
        return baseLsn;
    }

    /** {@return the file's size in bytes (the segment size unless damaged)} */
    public long fileSize() {
        return memory.byteSize();
    }

    /** {@return the end of the LSN range this segment covers: {@code baseLsn + segmentSize} of the log} */
    public long endLsn() {
        return baseLsn + segmentSize;
    }

    /** {@return the LSN of the segment's first record} */
    public long firstRecordLsn() {
        return baseLsn + SegmentDescriptor.HEADER_LENGTH;
    }

    /**
     * Whether a record can start at {@code lsn} here: at or after the first record, with room for a
     * record header before the segment's end (and the file's, when the file is short).
     *
     * @param lsn the LSN to test.
     * @return true when a record header fits there.
     */
    public boolean canHoldRecordAt(final long lsn) {
        return lsn >= firstRecordLsn() && lsn - baseLsn + RecordDescriptor.HEADER_LENGTH <= Math.min(memory.byteSize(), segmentSize);
    }

    /** {@return the read-only mapping of the whole file: the record at LSN {@code l} is at offset {@code l - baseLsn()}} */
    public MemorySegment memory() {
        return memory;
    }

    /**
     * Whether the header passed every check (a copy with the right magic and CRC, format version,
     * header length, base LSN and segment size). One damaged copy is fine: the other is trusted.
     *
     * @return true when a trusted copy exists and no problem was found.
     */
    public boolean headerValid() {
        return headerProblem == null && header != null;
    }

    /** {@return what is wrong with the header (without the file name), or null when {@link #headerValid()}} */
    public String headerProblem() {
        return headerProblem;
    }

    /**
     * A read-only copy of the trusted header copy ({@link SegmentDescriptor#COPY_LENGTH} bytes, read
     * with {@link SegmentDescriptor}'s accessors), taken at open; null when neither copy has a right
     * magic and CRC.
     *
     * @return the header copy, or null.
     */
    public MemorySegment header() {
        return header;
    }

    /** {@return the offset of the trusted header copy: 0 or {@link SegmentDescriptor#COPY_LENGTH}; -1 when neither is valid} */
    public long trustedCopyOffset() {
        return trustedCopyOffset;
    }

    /** {@return the trusted copy's format version, or -1 when neither copy is valid} */
    public int formatVersion() {
        return header == null ? -1 : SegmentDescriptor.version(header);
    }

    /** {@return whether the header marks the segment sealed: every record in it is durable (false unless {@link #headerValid()})} */
    public boolean sealed() {
        return headerValid() && SegmentDescriptor.isSealed(header);
    }

    /** {@return the header's sealed end: the end of the segment's records once sealed (0 without a trusted copy)} */
    public long sealedEndLsn() {
        return header == null ? 0 : SegmentDescriptor.sealedEndLsn(header);
    }

    /** {@return the header's durable watermark: a durable LSN the writer recorded here (0 without a trusted copy)} */
    public long durableWatermark() {
        return header == null ? 0 : SegmentDescriptor.durableWatermark(header);
    }

    /** {@return the header's creation time: when the writer created the segment, in epoch milliseconds (0 without a trusted copy)} */
    public long createdMillis() {
        return header == null ? 0 : SegmentDescriptor.createdMillis(header);
    }

    /** {@return the highest LSN this header proves durable: its watermark, or its sealed end; 0 unless {@link #headerValid()}} */
    public long durablePoint() {
        if (!headerValid()) {
            return 0;
        }
        return SegmentFiles.durablePointOfCopy(header);
    }

    @Override
    public String toString() {
        return "SegmentView{file=" + fileName() + ", baseLsn=" + baseLsn + ", headerValid=" + headerValid() + ", sealed=" + sealed() + "}";
    }
}

package dev.mmwal.cli.scan;

import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.RecordValidator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Walks every record of a {@link MappedLog} in LSN order, across segments, with the same validity
 * rule the writer's recovery and readers use ({@link RecordValidator}), and reports what it finds
 * to a {@link ScanListener}: each valid record, and each problem with its file, offset and LSN.
 *
 * <p>Unlike a reader it does not stop at damage: it resynchronises at the next valid record (one
 * whose {@code lsn} field equals its position and whose CRC matches), so one scan reports every
 * damaged range. A problem below the durable point the segment headers record is an
 * {@link Severity#ERROR}; above it, a {@link Severity#WARNING}: a torn tail, which is what a crash
 * leaves and what the writer's default recovery truncates.
 *
 * <p>Single-threaded; one instance per scan.
 */
public final class LogScanner {
    private final MappedLog log;
    private final ScanOptions options;
    private final ScanListener listener;
    private final long segmentSize;
    private final RecordView view = new RecordView();
    /** Where the next record should start: right after the last valid one. */
    private long cursor = -1;
    /** End of the valid prefix, once something invalid was met; -1 before. */
    private long prefixEnd = -1;
    /** LSN of the first record-level problem reported; -1 before. */
    private long firstProblemLsn = -1;
    /** The space from {@link #cursor} on is already covered by a reported problem. */
    private boolean gapReported;
    private boolean stopped;
    private ScanResult.Stop stop = ScanResult.Stop.END;
    private long lastRecordEnd;
    private long problems;

    public LogScanner(final MappedLog log, final ScanOptions options, final ScanListener listener) {
        this.log = log;
        this.options = options;
        this.listener = listener;
        this.segmentSize = log.segmentSize();
    }

    public ScanResult scan() {
        for (final Problem problem : log.problems()) {
            if (problem.file() == null || log.segments().stream().noneMatch(s -> s.fileName().equals(problem.file()))) {
                emit(problem);
            }
        }
        SegmentInfo previous = null;
        for (final SegmentInfo segment : log.segments()) {
            if (stopped) {
                break;
            }
            if (segment.baseLsn() >= options.toLsn()) {
                halt(ScanResult.Stop.RANGE);
                break;
            }
            if (segment.baseLsn() + segmentSize <= options.fromLsn()) {
                continue;
            }
            enter(segment, previous);
            walk(segment);
            previous = segment;
        }
        if (prefixEnd < 0) {
            prefixEnd = cursor;
        }
        if (!stopped && options.wholeLog() && prefixEnd < log.durableLsn() && firstProblemLsn != prefixEnd) {
            final SegmentInfo at = log.segmentAt(prefixEnd);
            report(at, prefixEnd, "the log ends before the durable point its segment headers record: end=" + prefixEnd
                + " (acknowledged records are missing)");
        }
        return new ScanResult(prefixEnd, lastRecordEnd, problems, stop);
    }

    private void enter(final SegmentInfo segment, final SegmentInfo previous) {
        final long first = segment.baseLsn() + SegmentDescriptor.HEADER_LENGTH;
        if (cursor < 0) {
            cursor = first;
        } else if (segment.baseLsn() != previous.baseLsn() + segmentSize) {
            // segments missing from the directory: reported with the segment's own problems
            endPrefix();
            gapReported = true;
        }
        for (final Problem problem : log.problems()) {
            if (segment.fileName().equals(problem.file())) {
                emit(problem);
            }
        }
    }

    private void walk(final SegmentInfo segment) {
        final long base = segment.baseLsn();
        final MemorySegment memory = segment.memory();
        final long room = Math.min(memory.byteSize(), segmentSize);
        long position = base + SegmentDescriptor.HEADER_LENGTH;
        while (!stopped && position - base + RecordDescriptor.HEADER_LENGTH <= room) {
            if (position >= options.toLsn()) {
                halt(ScanResult.Stop.RANGE);
                return;
            }
            final long offset = position - base;
            final int code = RecordValidator.check(memory, offset, position);
            if (code > 0) {
                onValid(segment, offset, position, code);
                position = Lsns.nextRecordStart(position + RecordDescriptor.alignedLength(code), segmentSize);
                continue;
            }
            endPrefix();
            final long next = nextValid(memory, base, position, room);
            if (code != RecordValidator.NOT_WRITTEN) {
                report(segment, position, RecordDamage.describe(memory, offset, position, code));
                gapReported = true;
            } else if (next < 0 && !gapReported) {
                reportLeftovers(segment, position, room);
            }
            if (next < 0) {
                return;
            }
            position = next;
        }
    }

    private void onValid(final SegmentInfo segment, final long offset, final long position, final int frameLength) {
        if (position != cursor && !gapReported) {
            final SegmentInfo at = log.segmentAt(cursor);
            report(at, cursor, "unwritten space before a later valid record: from=" + cursor + ", to=" + position
                + ", bytes=" + (position - cursor) + " (a record reserved but never published)");
        }
        gapReported = false;
        if (stopped) {
            return;
        }
        final long end = position + RecordDescriptor.alignedLength(frameLength);
        cursor = Lsns.nextRecordStart(end, segmentSize);
        lastRecordEnd = end;
        if (position >= options.fromLsn()) {
            view.wrap(segment, offset, frameLength);
            if (!listener.onRecord(view)) {
                halt(ScanResult.Stop.LISTENER);
            }
        }
    }

    /** Reports bytes written after the last valid record of a segment but never published. */
    private void reportLeftovers(final SegmentInfo segment, final long position, final long room) {
        final MemorySegment memory = segment.memory();
        final long base = segment.baseLsn();
        long first = -1;
        long last = -1;
        for (long offset = position - base; offset + Long.BYTES <= room; offset += Long.BYTES) {
            if (memory.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) != 0) {
                if (first < 0) {
                    first = offset;
                }
                last = offset + Long.BYTES;
            }
        }
        if (first >= 0) {
            report(segment, position, "unpublished bytes after the last valid record: from=" + (base + first) + ", to=" + (base + last)
                + ", frameLength=0 (written but never published: in flight, or cut short by a crash)");
            gapReported = true;
        }
    }

    /** The next position after {@code position} in this segment that holds a valid record, or -1. */
    private static long nextValid(final MemorySegment memory, final long base, final long position, final long room) {
        for (long candidate = position + RecordDescriptor.ALIGNMENT; candidate - base + RecordDescriptor.HEADER_LENGTH <= room;
             candidate += RecordDescriptor.ALIGNMENT) {
            final long offset = candidate - base;
            if (RecordDescriptor.lsn(memory, offset) == candidate && RecordValidator.check(memory, offset, candidate) > 0) {
                return candidate;
            }
        }
        return -1;
    }

    private void endPrefix() {
        if (prefixEnd < 0) {
            prefixEnd = cursor;
        }
    }

    private void report(final SegmentInfo segment, final long lsn, final String what) {
        if (lsn < options.fromLsn()) {
            return;
        }
        if (firstProblemLsn < 0) {
            firstProblemLsn = lsn;
        }
        final long durable = log.durableLsn();
        final boolean inDurablePart = lsn < durable;
        final String message = what + (inDurablePart
            ? " [inside the durable part: durable up to lsn=" + durable + "]"
            : " [after the last durable point recorded, lsn=" + durable + ": a torn tail, which recovery truncates]");
        emit(new Problem(inDurablePart ? Severity.ERROR : Severity.WARNING,
            segment == null ? null : segment.fileName(), segment == null ? -1 : lsn - segment.baseLsn(), lsn, message));
        if (options.stopAtFirstProblem()) {
            halt(ScanResult.Stop.PROBLEM);
        }
    }

    private void halt(final ScanResult.Stop why) {
        stopped = true;
        stop = why;
    }

    private void emit(final Problem problem) {
        problems++;
        listener.onProblem(problem);
    }
}

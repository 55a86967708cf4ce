package dev.mmwal.inspect;

import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Walks every record of an {@link InspectedLog} in LSN order, across segments, accepting a record
 * by the rule readers and recovery use ({@link RecordValidation}), and reports to a
 * {@link WalkListener} each valid record and each piece of {@link Damage}, with its file, offset
 * and LSN; the damaged ranges also go into a {@link DamageMap}.
 *
 * <p>Unlike a reader it does not stop at damage: it resynchronises at the next valid record (one
 * whose {@code lsn} field equals its position and whose CRC matches), so one walk reports every
 * damaged range. Damage below the durable point the segment headers record is an
 * {@link Severity#ERROR}; above it, a {@link Severity#WARNING}: a torn tail. It also checks what
 * the headers claim against the records: a sealed segment's records must reach its sealed end
 * without a break (a reader refuses the log otherwise), and the log must reach the newest durable
 * point recorded.
 *
 * <p>Single-threaded; one instance per walk.
 */
public final class LogWalker {
    private final InspectedLog log;
    private final WalkOptions options;
    private final WalkListener listener;
    private final long segmentSize;
    private final RecordView view = new RecordView();
    private final DamageMap damageMap = new DamageMap();
    /** Where the next record should start: right after the last valid one. */
    private long cursor = -1;
    /** End of the valid prefix, once something invalid was met; -1 before. */
    private long prefixEnd = -1;
    /** LSN of the first record-level damage reported; -1 before. */
    private long firstDamageLsn = -1;
    /** LSN of the first record-level damage reported in the segment being walked; -1 before. */
    private long segmentFirstDamageLsn = -1;
    /** The space from {@link #cursor} on is already covered by reported damage. */
    private boolean gapReported;
    private boolean stopped;
    private WalkResult.Stop stop = WalkResult.Stop.END;
    private long lastRecordEnd;
    private long damageCount;

    /**
     * Prepares a walk; nothing is read until {@link #walk()}.
     *
     * @param log      the log to walk; stays open (the caller closes it).
     * @param options  the range to report and whether to stop at the first damage.
     * @param listener receives records and damage, on this thread.
     */
    public LogWalker(final InspectedLog log, final WalkOptions options, final WalkListener listener) {
        this.log = log;
        this.options = options;
        this.listener = listener;
        this.segmentSize = log.segmentSize();
    }

    /**
     * The damaged ranges found so far: a listener may ask it during the walk (a range still open
     * covers everything from its start); complete once {@link #walk()} returns.
     *
     * @return this walk's damage map.
     */
    public DamageMap damageMap() {
        return damageMap;
    }

    /**
     * Walks the log once, reporting to the listener; call once per instance.
     *
     * @return where the valid prefix ends, how many pieces of damage were reported, and why the walk stopped.
     */
    public WalkResult walk() {
        for (final Damage damage : log.damage()) {
            if (damage.file() == null || log.segments().stream().noneMatch(s -> s.fileName().equals(damage.file()))) {
                emit(damage);
            }
        }
        SegmentView previous = null;
        for (final SegmentView segment : log.segments()) {
            if (stopped) {
                break;
            }
            if (segment.baseLsn() >= options.toLsn()) {
                halt(WalkResult.Stop.RANGE);
                break;
            }
            if (segment.endLsn() <= options.fromLsn()) {
                continue;
            }
            enter(segment, previous);
            final long reached = walk(segment);
            if (!stopped) {
                checkSealedEnd(segment, reached);
            }
            previous = segment;
        }
        if (prefixEnd < 0) {
            prefixEnd = cursor;
        }
        if (!stopped && options.wholeLog() && prefixEnd < log.durableLsn() && firstDamageLsn != prefixEnd) {
            report(log.segmentAt(prefixEnd), prefixEnd, "the log ends before the durable point its segment headers record: end=" + prefixEnd
                + " (acknowledged records are missing)");
        }
        // what is still open runs to the end of the log: nothing valid follows it
        damageMap.close(log.segments().getLast().endLsn());
        return new WalkResult(prefixEnd, lastRecordEnd, damageCount, stop, damageMap);
    }

    private void enter(final SegmentView segment, final SegmentView previous) {
        if (cursor < 0) {
            cursor = segment.firstRecordLsn();
        } else if (segment.baseLsn() != previous.endLsn()) {
            // segments missing from the directory: reported with the segment's own damage
            endPrefix();
            damageMap.close(previous.endLsn());
            damageMap.add(previous.endLsn(), segment.baseLsn(), severityAt(previous.endLsn()), "segments missing from the log");
            gapReported = true;
        }
        segmentFirstDamageLsn = -1;
        for (final Damage damage : log.damage()) {
            if (segment.fileName().equals(damage.file())) {
                emit(damage);
            }
        }
    }

    /**
     * Walks one segment's records.
     *
     * @return how far its records run without a break from its first record: the segment's end
     * when they fill it.
     */
    private long walk(final SegmentView segment) {
        final long base = segment.baseLsn();
        final long room = Math.min(segment.memory().byteSize(), segmentSize);
        long position = segment.firstRecordLsn();
        long unbroken = position;
        while (!stopped && position - base + RecordDescriptor.HEADER_LENGTH <= room) {
            if (position >= options.toLsn()) {
                halt(WalkResult.Stop.RANGE);
                break;
            }
            final int code = RecordValidation.check(segment, position);
            if (code > 0) {
                final long end = position + RecordDescriptor.alignedLength(code);
                if (position == unbroken) {
                    unbroken = Lsns.nextRecordStart(end, segmentSize) > segment.endLsn() ? segment.endLsn() : end;
                }
                onValid(segment, position, code);
                position = Lsns.nextRecordStart(end, segmentSize);
                continue;
            }
            endPrefix();
            final long next = nextValid(segment, position, room);
            if (code != RecordValidation.NOT_WRITTEN) {
                report(segment, position, RecordValidation.explain(segment, position, code));
                gapReported = true;
            } else if (next < 0 && !gapReported) {
                reportLeftovers(segment, position, room);
            }
            if (next < 0) {
                break;
            }
            position = next;
        }
        return unbroken;
    }

    /**
     * A sealed segment promises records without a break up to its sealed end (its records are
     * durable); a reader meets a zeroed or damaged record before it and refuses the log.
     */
    private void checkSealedEnd(final SegmentView segment, final long reached) {
        final long sealedEnd = segment.sealedEndLsn();
        if (!segment.sealed() || reached >= sealedEnd || sealedEnd > segment.endLsn() || segmentFirstDamageLsn == reached
            || reached < options.fromLsn()) {
            return;
        }
        report(segment, reached, "sealed segment's records end before its sealed end: recordsEnd=" + reached + ", sealedEndLsn=" + sealedEnd
            + " (its header says every record up to the sealed end is durable; a reader stops here with an error)");
        gapReported = true;
    }

    private void onValid(final SegmentView segment, final long position, final int frameLength) {
        if (position != cursor && !gapReported) {
            report(log.segmentAt(cursor), cursor, "unwritten space before a later valid record: from=" + cursor + ", to=" + position
                + ", bytes=" + (position - cursor) + " (a record reserved but never published)");
        }
        damageMap.close(position);
        gapReported = false;
        if (stopped) {
            return;
        }
        final long end = position + RecordDescriptor.alignedLength(frameLength);
        cursor = Lsns.nextRecordStart(end, segmentSize);
        lastRecordEnd = end;
        if (position >= options.fromLsn() && !listener.onRecord(view.wrap(segment, position, frameLength))) {
            halt(WalkResult.Stop.LISTENER);
        }
    }

    /** Reports bytes written after the last valid record of a segment but never published. */
    private void reportLeftovers(final SegmentView segment, final long position, final long room) {
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
    private static long nextValid(final SegmentView segment, final long position, final long room) {
        final MemorySegment memory = segment.memory();
        final long base = segment.baseLsn();
        for (long candidate = position + RecordDescriptor.ALIGNMENT; candidate - base + RecordDescriptor.HEADER_LENGTH <= room;
             candidate += RecordDescriptor.ALIGNMENT) {
            if (RecordDescriptor.lsn(memory, candidate - base) == candidate && RecordValidation.check(segment, candidate) > 0) {
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

    private Severity severityAt(final long lsn) {
        return lsn < log.durableLsn() ? Severity.ERROR : Severity.WARNING;
    }

    private void report(final SegmentView segment, final long lsn, final String what) {
        if (lsn < options.fromLsn()) {
            return;
        }
        if (firstDamageLsn < 0) {
            firstDamageLsn = lsn;
        }
        if (segmentFirstDamageLsn < 0) {
            segmentFirstDamageLsn = lsn;
        }
        final long durable = log.durableLsn();
        final Severity severity = severityAt(lsn);
        final String message = what + (severity == Severity.ERROR
            ? " [inside the durable part: durable up to lsn=" + durable + "]"
            : " [after the last durable point recorded, lsn=" + durable + ": a torn tail, which recovery truncates]");
        damageMap.open(lsn, severity, what);
        emit(new Damage(severity, segment == null ? null : segment.fileName(), segment == null ? -1 : lsn - segment.baseLsn(), lsn, message));
        if (options.stopAtFirstDamage()) {
            halt(WalkResult.Stop.DAMAGE);
        }
    }

    private void halt(final WalkResult.Stop why) {
        stopped = true;
        stop = why;
    }

    private void emit(final Damage damage) {
        damageCount++;
        listener.onDamage(damage);
    }
}

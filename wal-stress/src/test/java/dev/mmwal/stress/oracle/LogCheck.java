package dev.mmwal.stress.oracle;

import dev.mmwal.LogRecord;
import dev.mmwal.RecoveryReport;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.stress.support.WalAccess;
import dev.mmwal.WalReader;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.log.RecordValidator;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentTable;
import dev.mmwal.testing.Payloads;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The oracle. Workloads write payloads made by {@link Payloads#bytes(long, int)} (at least 8
 * bytes, so each carries its key), which lets any recovered record be checked byte-exact
 * without a list of everything written:
 * <ul>
 *   <li>D1: every acknowledged (lsn, key, length) is recovered, byte-exact, at its LSN;</li>
 *   <li>D2: every record returned carries a payload some writer wrote (key and bytes agree), at
 *   most once, and passes the recovery validator; no valid-looking bytes survive after the end;</li>
 *   <li>D3: the recovered log is one unbroken chain of valid records from the first LSN to the
 *   recovered end;</li>
 *   <li>D5: two recoveries give the same records and end, and the second finds nothing to repair;</li>
 *   <li>D7: LSNs handed out after a restart are at or above the recovered end.</li>
 * </ul>
 * A violation is an {@link AssertionError} whose message starts with the invariant's name.
 */
public final class LogCheck {
    /** One recovered record. */
    public record Rec(long lsn, long key, int length) {
    }

    /** One acknowledgement: awaitDurable returned for {@code lsn} of the record keyed {@code key}. */
    public record Ack(long lsn, long key, int length) {
    }

    /**
     * What one recovery produced. {@code tail} is where the next record goes; two recoveries of the
     * same log may report ends that differ by a segment header (the end of a full segment, or the
     * first record position of the empty next one) but must agree on the tail.
     */
    public record Snapshot(long endLsn, long tail, List<Rec> records, RecoveryReport report) {
        /** Same records and same next position. */
        public boolean sameLog(final Snapshot other) {
            return tail == other.tail && records.equals(other.records);
        }

        public Set<Long> keys() {
            final Set<Long> keys = new HashSet<>();
            for (final Rec rec : records) {
                keys.add(rec.key);
            }
            return keys;
        }
    }

    private LogCheck() {
    }

    /** Opens (recovering) the log, checks D2 and D3, closes it. */
    public static Snapshot recoverAndCheck(final WalConfig config) {
        try (Wal wal = Wal.open(config)) {
            return check(wal);
        }
    }

    /** Reads an open log from its first record and checks D2 and D3 (no appends may run). */
    public static Snapshot check(final Wal wal) {
        final List<Rec> records = readAll(wal);
        final long end = wal.recoveryReport().endLsn();
        checkChain(wal, end);
        return new Snapshot(end, wal.tailLsn(), records, wal.recoveryReport());
    }

    public static List<Rec> readAll(final Wal wal) {
        final List<Rec> records = new ArrayList<>();
        final Set<Long> keys = new HashSet<>();
        final WalReader reader = wal.reader(0);
        final LogRecord record = new LogRecord();
        long previous = -1;
        while (reader.next(record)) {
            final int length = record.payloadLength();
            if (length < 8) {
                throw new AssertionError("D2 violated: a record too short to be one the workload wrote: " + record);
            }
            final long key = Payloads.keyOf(record.buffer(), record.payloadOffset());
            if (!Payloads.matches(record.buffer(), record.payloadOffset(), length, key)) {
                throw new AssertionError("D2 violated: payload is not what any writer wrote: " + record + ", key=" + key);
            }
            if (!keys.add(key)) {
                throw new AssertionError("D2 violated: record returned twice: key=" + key + ", lsn=" + record.lsn());
            }
            if (record.lsn() <= previous) {
                throw new AssertionError("D3 violated: LSNs not increasing: previous=" + previous + ", lsn=" + record.lsn());
            }
            previous = record.lsn();
            records.add(new Rec(record.lsn(), key, length));
        }
        return records;
    }

    /** D3: valid records tile [first, end); D2: nothing but zeros after the end, in every later segment too. */
    private static void checkChain(final Wal wal, final long end) {
        final LogEngine engine = WalAccess.engine(wal);
        final long size = engine.segmentSize();
        long position = wal.firstLsn();
        while (position < end) {
            final Segment segment = engine.segmentFor(position);
            final long offset = position - segment.baseLsn();
            final int code = RecordValidator.check(segment.memory(), offset, position);
            if (code <= 0) {
                throw new AssertionError("D3 violated: invalid bytes inside the recovered log: lsn=" + position
                    + ", end=" + end + ", problem=" + RecordValidator.describe(code) + ", file=" + segment.path());
            }
            position = Lsns.nextRecordStart(position + RecordDescriptor.alignedLength(code), size);
        }
        if (position != Lsns.nextRecordStart(end, size)) {
            throw new AssertionError("D3 violated: the record chain overruns the recovered end: chainEnd=" + position + ", end=" + end);
        }
        final SegmentTable table = engine.tableAcquire();
        for (long index = end >>> engine.segmentShift(); index < table.endIndex(); index++) {
            final Segment segment = table.get(index);
            final long from = Math.max(end - segment.baseLsn(), SegmentDescriptor.HEADER_LENGTH);
            final long dirty = firstNonZero(segment.memory(), from);
            if (dirty >= 0) {
                throw new AssertionError("D2 violated: stale bytes left after the recovered end: file=" + segment.path()
                    + ", offset=" + dirty + ", end=" + end);
            }
        }
    }

    private static long firstNonZero(final MemorySegment memory, final long from) {
        for (long offset = from; offset < memory.byteSize(); offset += 8) {
            if (memory.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) != 0) {
                return offset;
            }
        }
        return -1;
    }

    /** D1: every acknowledgement is recovered at its LSN with its length (bytes were checked by D2). */
    public static void checkAcknowledged(final Snapshot snapshot, final Collection<Ack> acks) {
        final Map<Long, Rec> byKey = new HashMap<>();
        for (final Rec rec : snapshot.records) {
            byKey.put(rec.key, rec);
        }
        for (final Ack ack : acks) {
            final Rec rec = byKey.get(ack.key);
            if (rec == null || rec.lsn != ack.lsn || rec.length != ack.length) {
                throw new AssertionError("D1 violated: acknowledged record lost: " + ack + ", found=" + rec
                    + ", recoveredEnd=" + snapshot.endLsn + ", report=" + snapshot.report);
            }
        }
    }

    /** D5: a second recovery gives the same log and has nothing left to repair. */
    public static void checkSameLog(final Snapshot first, final Snapshot second) {
        if (!first.sameLog(second)) {
            throw new AssertionError("D5 violated: recovering twice gave different logs: firstTail=" + first.tail
                + ", secondTail=" + second.tail + ", firstRecords=" + first.records.size() + ", secondRecords=" + second.records.size());
        }
        if (!second.report.truncated().isEmpty() || !second.report.skipped().isEmpty()) {
            throw new AssertionError("D5 violated: the second recovery repaired again: " + second.report);
        }
    }

    /** D7: the first LSN handed out after a restart is at or above the recovered end. */
    public static void checkAfterRestart(final long recoveredEnd, final long newLsn) {
        if (newLsn < recoveredEnd) {
            throw new AssertionError("D7 violated: LSN below the recovered end after restart: lsn=" + newLsn + ", end=" + recoveredEnd);
        }
    }
}

package dev.mmwal.stress.jcstress;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.log.RecordValidator;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.stress.support.EngineAppends;
import dev.mmwal.stress.support.MemoryLog;
import dev.mmwal.stress.support.MemoryLogs;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The tail allocator, {@link LogEngine#reserve(int)}: reservations are unique, non-overlapping and
 * dense; each thread's are monotonic; racing appenders roll a full segment exactly once and leave
 * no hole behind (the old segment's tail is a valid padding record or too short for one).
 */
public final class LogEngineTests {
    /** Aligned length of a record with a 16-byte payload. */
    static final int SLOT = EngineAppends.alignedFrame(16);
    static final long START = 1024;

    private LogEngineTests() {
    }

    /** Slot index of a reservation, or a negative status passed through (forbidden below). */
    static int slot(final long lsn) {
        return lsn < 0 ? (int)lsn * 100 : (int)((lsn - START) / SLOT);
    }

    @JCStressTest
    @Description("Two appenders reserve one slot each in the middle of a segment.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "actor1 won the CAS; actor2 got the adjacent next slot")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "actor2 won the CAS; actor1 got the adjacent next slot")
    @Outcome(expect = FORBIDDEN, desc = "overlapping, duplicated, non-adjacent or failed reservations")
    @State
    public static class DisjointReservations {
        final MemoryLog log = MemoryLogs.acquire();
        final LogEngine engine = log.engine(START);

        @Actor
        public void actor1(final II_Result r) {
            r.r1 = slot(engine.reserve(SLOT));
        }

        @Actor
        public void actor2(final II_Result r) {
            r.r2 = slot(engine.reserve(SLOT));
        }

        @Arbiter
        public void release(final II_Result r) {
            MemoryLogs.release(log);
        }
    }

    @JCStressTest
    @Description("Two appenders reserve two slots each: every thread's LSNs increase and the four slots tile [0, 4).")
    @Outcome(id = "1, 23", expect = ACCEPTABLE, desc = "actor1 took slots 0,1; actor2 slots 2,3")
    @Outcome(id = "2, 13", expect = ACCEPTABLE, desc = "actor1 took slots 0,2; actor2 slots 1,3 (interleaved)")
    @Outcome(id = "3, 12", expect = ACCEPTABLE, desc = "actor1 took slots 0,3; actor2 slots 1,2")
    @Outcome(id = "12, 3", expect = ACCEPTABLE, desc = "actor1 took slots 1,2; actor2 slots 0,3")
    @Outcome(id = "13, 2", expect = ACCEPTABLE, desc = "actor1 took slots 1,3; actor2 slots 0,2 (interleaved)")
    @Outcome(id = "23, 1", expect = ACCEPTABLE, desc = "actor1 took slots 2,3; actor2 slots 0,1")
    @Outcome(expect = FORBIDDEN, desc = "a thread's LSNs went backwards, a slot was given twice, or one was skipped")
    @State
    public static class MonotonicPerThread {
        final MemoryLog log = MemoryLogs.acquire();
        final LogEngine engine = log.engine(START);

        @Actor
        public void actor1(final II_Result r) {
            final int first = slot(engine.reserve(SLOT));
            final int second = slot(engine.reserve(SLOT));
            r.r1 = first * 10 + second;
        }

        @Actor
        public void actor2(final II_Result r) {
            final int first = slot(engine.reserve(SLOT));
            final int second = slot(engine.reserve(SLOT));
            r.r2 = first * 10 + second;
        }

        @Arbiter
        public void release(final II_Result r) {
            MemoryLogs.release(log);
        }
    }

    /**
     * The tail sits 112 bytes before the end of segment 0. actor1 appends a 64-byte record (fits);
     * actor2 a 128-byte one (never fits), so actor2 always rolls; who pads what depends on the race.
     * Both publish their records; the arbiter then walks the old segment's tail and the new
     * segment's records with the recovery validator: r3 = 1 when they form an unbroken chain.
     */
    @JCStressTest
    @Description("Racing appenders roll a full segment: one roll, a padding record, no hole.")
    @Outcome(id = "0, 240, 1", expect = ACCEPTABLE,
        desc = "actor1 fit in segment 0; actor2 rolled, padding the last 48 bytes, and wrote first in segment 1 (112 + its 128-byte header)")
    @Outcome(id = "368, 240, 1", expect = ACCEPTABLE,
        desc = "actor2 rolled first, padding 112 bytes; actor1 then followed its 128-byte record in segment 1")
    @Outcome(expect = FORBIDDEN, desc = "double roll, overlap, lost padding, or a hole in the chain")
    @State
    public static class RollAtSegmentEnd {
        static final long TAIL = MemoryLog.SEGMENT_SIZE - 112;
        final MemoryLog log = MemoryLogs.acquire();
        final LogEngine engine = log.engine(TAIL);

        @Actor
        public void actor1(final III_Result r) {
            final long lsn = EngineAppends.append(engine, 16, 1);
            r.r1 = (int)(lsn - TAIL);
        }

        @Actor
        public void actor2(final III_Result r) {
            final long lsn = EngineAppends.append(engine, 80, 2);
            r.r2 = (int)(lsn - TAIL);
        }

        @Arbiter
        public void check(final III_Result r) {
            r.r3 = chainIsWhole(engine) ? 1 : 0;
            MemoryLogs.release(log);
        }
    }

    /** Every byte from {@code TAIL} to the tail is covered by valid records, across the roll. */
    static boolean chainIsWhole(final LogEngine engine) {
        final long size = engine.segmentSize();
        final long tail = engine.tailAcquire();
        long position = RollAtSegmentEnd.TAIL;
        while (position < tail) {
            final Segment segment = engine.segmentFor(position);
            final long offset = position - segment.baseLsn();
            if (size - offset < RecordDescriptor.HEADER_LENGTH) {
                position = segment.baseLsn() + size + SegmentDescriptor.HEADER_LENGTH;
                continue;
            }
            final int length = RecordValidator.check(segment.memory(), offset, position);
            if (length <= 0) {
                return false;
            }
            position += RecordDescriptor.alignedLength(length);
            if (position - segment.baseLsn() == size) {
                position += SegmentDescriptor.HEADER_LENGTH;
            }
        }
        return position == tail;
    }
}

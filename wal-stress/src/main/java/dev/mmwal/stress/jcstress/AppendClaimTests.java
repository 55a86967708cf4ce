package dev.mmwal.stress.jcstress;

import dev.mmwal.AppendClaim;
import dev.mmwal.LogRecord;
import dev.mmwal.ReadBound;
import dev.mmwal.WalException;
import dev.mmwal.stress.support.WalAccess;
import dev.mmwal.WalReader;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.internal.log.LogEngine;
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
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link AppendClaim#abort()}: an aborted claim becomes a padding record that readers skip, never
 * a hole that stops them. The writer scribbles over a claim, aborts it, then appends a record; a
 * concurrent reader follows; the arbiter re-reads the whole range.
 */
public final class AppendClaimTests {
    static final long START = 1024;
    static final int ABORTED_PAYLOAD = 40;
    static final int PAYLOAD = 24;
    static final long KEY = 9;

    private AppendClaimTests() {
    }

    /** 0: nothing yet; 1: exactly the committed record; 2: wrong record; 3: corruption reported. */
    static int readAll(final LogEngine engine) {
        final WalReader reader = WalAccess.reader(engine, START, ReadBound.PUBLISHED);
        final LogRecord record = new LogRecord();
        try {
            int seen = 0;
            while (reader.next(record)) {
                final boolean expected = record.txnId() == KEY && record.payloadLength() == PAYLOAD
                    && EngineAppends.matches(record.buffer(), record.payloadOffset(), PAYLOAD, KEY);
                if (!expected || ++seen > 1) {
                    return 2;
                }
            }
            return seen;
        } catch (final WalException ex) {
            return 3;
        }
    }

    @JCStressTest
    @Description("Claim, scribble, abort, then append: readers skip the aborted claim and reach the record after it.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "concurrent reader stopped at the claim (not yet aborted) or at the next reservation; afterwards the log reads whole")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "concurrent reader skipped the aborted claim's padding and read the record after it")
    @Outcome(expect = FORBIDDEN, desc = "the aborted claim left a hole, its garbage was returned, or a record was lost")
    @State
    public static class AbortLeavesPadding {
        final MemoryLog log = MemoryLogs.acquire();
        final LogEngine engine = log.engine(START);
        final AppendClaim claim = new AppendClaim();

        @Actor
        public void writer() {
            final int frameLength = RecordDescriptor.HEADER_LENGTH + ABORTED_PAYLOAD;
            final long lsn = engine.reserve(RecordDescriptor.alignedLength(frameLength));
            final Segment segment = engine.segmentFor(lsn);
            WalAccess.wrap(claim, segment.memory(), lsn - segment.baseLsn(), lsn, frameLength);
            claim.buffer().asSlice(claim.payloadOffset(), ABORTED_PAYLOAD).fill((byte)0x5A);
            claim.txnId(KEY);
            claim.abort();
            EngineAppends.append(engine, PAYLOAD, KEY);
        }

        @Actor
        public void reader(final II_Result r) {
            r.r1 = readAll(engine);
        }

        @Arbiter
        public void check(final II_Result r) {
            r.r2 = readAll(engine);
            MemoryLogs.release(log);
        }
    }
}

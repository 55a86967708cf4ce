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
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Record publication: a reader that acquire-reads a positive frame length sees the whole header,
 * payload and CRC. The reader is the real {@link WalReader} (which validates with the recovery
 * validator: length, LSN, type, CRC); the writer is the copy path ({@code Wal.append}'s steps) or
 * the zero-copy claim path ({@link AppendClaim#commit()}).
 */
public final class RecordPublicationTests {
    static final long START = 1024;
    static final int PAYLOAD = 40;
    static final long KEY = 7;

    static final int NOT_VISIBLE = 0;
    static final int COMPLETE = 1;
    static final int TORN = 2;
    static final int CORRUPTION_REPORTED = 3;

    private RecordPublicationTests() {
    }

    /** What one read of the log at {@code START} shows. */
    static int read(final LogEngine engine) {
        final WalReader reader = WalAccess.reader(engine, START, ReadBound.PUBLISHED);
        final LogRecord record = new LogRecord();
        try {
            if (!reader.next(record)) {
                return NOT_VISIBLE;
            }
        } catch (final WalException ex) {
            return CORRUPTION_REPORTED;
        }
        final boolean whole = record.lsn() == START && record.txnId() == KEY && record.payloadLength() == PAYLOAD
            && EngineAppends.matches(record.buffer(), record.payloadOffset(), PAYLOAD, KEY);
        return whole ? COMPLETE : TORN;
    }

    @JCStressTest
    @Description("Copy append (header, payload, CRC, then frame length with release) against a concurrent reader.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "reader came first: frame length still 0, nothing returned")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "reader saw the published record whole: header, payload and CRC")
    @Outcome(expect = FORBIDDEN, desc = "a published record was torn, or reported corrupt")
    @State
    public static class CopyAppend {
        final MemoryLog log = MemoryLogs.acquire();
        final LogEngine engine = log.engine(START);

        @Actor
        public void writer() {
            EngineAppends.append(engine, PAYLOAD, KEY);
        }

        @Actor
        public void reader(final I_Result r) {
            r.r1 = read(engine);
        }

        @Arbiter
        public void release(final I_Result r) {
            MemoryLogs.release(log);
        }
    }

    @JCStressTest
    @Description("Zero-copy claim (encode into the mapped space, then AppendClaim.commit) against a concurrent reader.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "reader came first: claim not committed, nothing returned")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "reader saw the committed record whole: header fields, payload and CRC")
    @Outcome(expect = FORBIDDEN, desc = "a committed record was torn, or reported corrupt")
    @State
    public static class ClaimCommit {
        final MemoryLog log = MemoryLogs.acquire();
        final LogEngine engine = log.engine(START);
        final AppendClaim claim = new AppendClaim();

        @Actor
        public void writer() {
            final int frameLength = RecordDescriptor.HEADER_LENGTH + PAYLOAD;
            final long lsn = engine.reserve(RecordDescriptor.alignedLength(frameLength));
            final Segment segment = engine.segmentFor(lsn);
            WalAccess.wrap(claim, segment.memory(), lsn - segment.baseLsn(), lsn, frameLength);
            EngineAppends.fill(claim.buffer(), claim.payloadOffset(), PAYLOAD, KEY);
            claim.txnId(KEY).commit();
        }

        @Actor
        public void reader(final I_Result r) {
            r.r1 = read(engine);
        }

        @Arbiter
        public void release(final I_Result r) {
            MemoryLogs.release(log);
        }
    }
}

package dev.mmwal.internal.log;

import dev.mmwal.format.Checksums;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;

import java.lang.foreign.MemorySegment;

/**
 * The one record writer: every record that reaches a segment (an append, a claim, a claim
 * aborted, the padding of a segment's tail, a range recovery repairs) is written by these three
 * steps and no other code.
 * <ol>
 *   <li>{@link #begin}: plain stores of every header field but frame length and CRC, into space
 *   the caller reserved (the frame length there is still 0: readers stop at it);</li>
 *   <li>the caller writes the payload (a copy, or the application encoding into a claim);</li>
 *   <li>{@link #commit}: the CRC, then the frame length with release. An acquire-read of a positive
 *   frame length sees the whole record. This is the record's publication point.</li>
 * </ol>
 * {@link #pad} does all three for a padding record. Stateless and thread-safe: each record is
 * written by the one thread that reserved it. Allocation-free.
 */
public final class RecordWriter {
    /**
     * Sees every commit on its way: a seam for tests that prove every path writes through here, and
     * for crash tests that stop a writer between the steps. May throw to inject a fault there.
     */
    public interface Probe {
        Probe NONE = new Probe() {
        };

        /** Called by {@link #commit} once the payload is written, before the CRC. */
        default void beforeChecksum(final MemorySegment memory, final long offset, final byte type) {
        }

        /** Called by {@link #commit} after the CRC, before the frame length is published. */
        default void beforePublish(final MemorySegment memory, final long offset, final byte type) {
        }
    }

    private static Probe probe = Probe.NONE;

    private RecordWriter() {
    }

    /** Plain stores of every header field but frame length and CRC. */
    public static void begin(final MemorySegment memory, final long offset, final long lsn, final byte type, final long txnId,
                             final long prevLsn, final long pageId, final byte flags, final int pageOffset, final int beforeLength) {
        RecordDescriptor.lsn(memory, offset, lsn);
        RecordDescriptor.txnId(memory, offset, txnId);
        RecordDescriptor.prevLsn(memory, offset, prevLsn);
        RecordDescriptor.pageId(memory, offset, pageId);
        RecordDescriptor.type(memory, offset, type);
        RecordDescriptor.flags(memory, offset, flags);
        RecordDescriptor.pageOffset(memory, offset, pageOffset);
        RecordDescriptor.beforeLength(memory, offset, beforeLength);
    }

    /** Computes and stores the CRC, then publishes the frame length with release: the record's commit point. */
    public static void commit(final MemorySegment memory, final long offset, final byte type, final int frameLength) {
        final Probe seen = probe;
        seen.beforeChecksum(memory, offset, type);
        RecordDescriptor.crc(memory, offset, Checksums.recordCrc(memory, offset, type, frameLength));
        seen.beforePublish(memory, offset, type);
        RecordDescriptor.frameLengthRelease(memory, offset, frameLength);
    }

    /** Writes and publishes a padding record over {@code [offset, offset + length)}; {@code length >= 48}. */
    public static void pad(final MemorySegment memory, final long offset, final long lsn, final int length) {
        begin(memory, offset, lsn, RecordType.PADDING, 0, 0, 0, (byte)0, 0, 0);
        commit(memory, offset, RecordType.PADDING, length);
    }

    /**
     * Installs {@code next} for every later commit in this JVM ({@link Probe#NONE} to remove). Tests
     * only: install before the log is opened, or on the thread that then writes (a plain store:
     * threads started after it, and the installing thread itself, see it).
     */
    public static void probeForTests(final Probe next) {
        probe = next;
    }
}

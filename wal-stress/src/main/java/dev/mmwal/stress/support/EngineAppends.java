package dev.mmwal.stress.support;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.log.RecordWriter;
import dev.mmwal.internal.segment.Segment;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Appends through a bare {@link LogEngine} with exactly the steps {@code Wal.append} takes
 * (reserve; header and payload with plain stores; CRC; frame length with release), for tests that
 * have an engine but no {@code Wal}. Payload byte {@code i} of the record keyed {@code key} is
 * {@link #payloadByte(long, int)}; the key also goes in the header's {@code txnId}.
 */
public final class EngineAppends {
    private EngineAppends() {
    }

    public static int alignedFrame(final int payloadLength) {
        return RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + payloadLength);
    }

    /** Reserves and publishes one DATA record; returns its LSN or the engine's negative status. */
    public static long append(final LogEngine engine, final int payloadLength, final long key) {
        final long lsn = engine.reserve(alignedFrame(payloadLength));
        if (lsn >= 0) {
            write(engine, lsn, payloadLength, key);
        }
        return lsn;
    }

    /** Writes and publishes a DATA record into space already reserved at {@code lsn}. */
    public static void write(final LogEngine engine, final long lsn, final int payloadLength, final long key) {
        final Segment segment = engine.segmentFor(lsn);
        final MemorySegment memory = segment.memory();
        final long at = lsn - segment.baseLsn();
        RecordWriter.begin(memory, at, lsn, RecordType.DATA, key, 0, 0, (byte)0, 0, 0);
        fill(memory, at + RecordDescriptor.HEADER_LENGTH, payloadLength, key);
        RecordWriter.commit(memory, at, RecordType.DATA, RecordDescriptor.HEADER_LENGTH + payloadLength);
    }

    public static byte payloadByte(final long key, final int index) {
        return (byte)(key * 31 + index * 7 + 1);
    }

    public static void fill(final MemorySegment memory, final long offset, final int length, final long key) {
        for (int i = 0; i < length; i++) {
            memory.set(ValueLayout.JAVA_BYTE, offset + i, payloadByte(key, i));
        }
    }

    public static boolean matches(final MemorySegment memory, final long offset, final int length, final long key) {
        for (int i = 0; i < length; i++) {
            if (memory.get(ValueLayout.JAVA_BYTE, offset + i) != payloadByte(key, i)) {
                return false;
            }
        }
        return true;
    }
}

package dev.mmwal.consumer.internal;

import dev.mmwal.AppendClaim;
import dev.mmwal.Wal;
import dev.mmwal.consumer.ConsumerStoreClosedException;
import dev.mmwal.consumer.ConsumerStoreException;
import dev.mmwal.consumer.format.ConsumerRecordDescriptor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Encodes consumer-store records straight into the mapped log through a zero-copy claim: payload
 * header, client id, data, then commit. Thread-safe: each thread uses its own {@link AppendClaim}
 * (a thread-local, created once per thread), so an append allocates nothing.
 */
public final class RecordWriter {
    /** Retries (spins, yields, then 10 us naps: a second or more) before a missing segment is reported; the preparer retries every 100 ms. */
    private static final int NO_SEGMENT_ATTEMPTS = 100_000;

    private final Wal wal;
    private final ThreadLocal<AppendClaim> claims = ThreadLocal.withInitial(AppendClaim::new);
    private final LongAdder appendedBytes = new LongAdder();

    public RecordWriter(final Wal wal) {
        this.wal = wal;
    }

    /**
     * Appends one record and returns its LSN once published (not yet durable).
     *
     * @throws ConsumerStoreClosedException when the log is closed.
     * @throws ConsumerStoreException when the log failed.
     */
    public long append(final byte kind, final byte[] clientId, final byte[] data, final int windowSize,
                       final long messageId, final long timestampMillis, final long windowBits) {
        final int payloadLength = (int)ConsumerRecordDescriptor.payloadLength(clientId.length, data.length);
        final AppendClaim claim = claims.get();
        claim(payloadLength, claim);
        final MemorySegment buffer = claim.buffer();
        final long at = claim.payloadOffset();
        try {
            ConsumerRecordDescriptor.writeHeader(buffer, at, kind, clientId.length, data.length, windowSize, messageId,
                timestampMillis, windowBits);
            MemorySegment.copy(clientId, 0, buffer, ValueLayout.JAVA_BYTE, ConsumerRecordDescriptor.clientIdOffset(at), clientId.length);
            MemorySegment.copy(data, 0, buffer, ValueLayout.JAVA_BYTE, ConsumerRecordDescriptor.dataOffset(at, clientId.length), data.length);
        } catch (final RuntimeException ex) {
            claim.abort();
            throw ex;
        }
        appendedBytes.add(payloadLength);
        return claim.commit();
    }

    /** Payload bytes appended since the last {@link #resetAppendedBytes()}. */
    public long appendedBytes() {
        return appendedBytes.sum();
    }

    public void resetAppendedBytes() {
        appendedBytes.reset();
    }

    private void claim(final int payloadLength, final AppendClaim claim) {
        int attempts = 0;
        while (true) {
            final long status = wal.tryClaim(payloadLength, claim);
            if (status >= 0) {
                return;
            }
            if (status == Wal.CLOSED) {
                throw new ConsumerStoreClosedException("consumer store closed: dir=" + wal.config().directory());
            }
            if (status == Wal.FAILED) {
                throw new ConsumerStoreException("log failed, the store is fail-stop: reopen it: dir=" + wal.config().directory());
            }
            if (status == Wal.NO_SEGMENT && attempts > NO_SEGMENT_ATTEMPTS) {
                // nothing was written: the caller may retry once space is freed
                throw new ConsumerStoreException("cannot start the next segment, nothing was persisted: dir=" + wal.config().directory()
                    + ", cause=" + wal.nextSegmentFailure(), wal.nextSegmentFailure());
            }
            if (status != Wal.BACK_PRESSURED && status != Wal.NO_SEGMENT) {
                throw new ConsumerStoreException("unexpected claim status: dir=" + wal.config().directory() + ", status=" + status);
            }
            backOff(++attempts);
        }
    }

    /** Back-pressure (the next segment is being prepared) lasts microseconds: spin, yield, then nap. */
    private static void backOff(final int attempts) {
        if (attempts < 100) {
            Thread.onSpinWait();
        } else if (attempts < 1_000) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(10_000);
        }
    }
}

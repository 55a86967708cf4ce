package dev.mmwal.chronicle;

import dev.mmwal.AppendClaim;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.WriteBytesMarshallable;

import java.nio.BufferOverflowException;

/**
 * A reusable Chronicle {@link Bytes} write view over the payload of an {@link AppendClaim}: the
 * bytes go straight into the mapped log at {@link AppendClaim#payloadOffset()}, bounded by
 * {@link AppendClaim#payloadLength()}. A write past the payload throws before it stores anything, so
 * it never reaches the next record's space.
 *
 * <p>Concurrency: single-threaded, like the claim it wraps (Chronicle's {@code Bytes} also checks
 * that one thread uses it). Keep one per appending thread and rewrap it for every claim: wrapping
 * allocates nothing. The view is valid only while the claim is active: after
 * {@link AppendClaim#commit()} or {@link AppendClaim#abort()} the memory belongs to the log again.
 */
public final class ClaimBytes implements AutoCloseable {
    private final PayloadView view = new PayloadView();

    /** A view over nothing; {@link #wrap(AppendClaim)} points it at a claim. */
    public ClaimBytes() {
    }

    /**
     * Points this view at the active claim's payload, write position 0, write limit its payload length.
     *
     * @param activeClaim a claim that {@code Wal.tryClaim} has just filled (not yet committed or aborted).
     * @return this view's {@link Bytes}, the same object on every call.
     * @throws IllegalStateException when the claim is not active.
     */
    public Bytes<Void> wrap(final AppendClaim activeClaim) {
        if (activeClaim.buffer() == null) {
            throw new IllegalStateException("claim is not active: wrap it after a successful tryClaim and before commit() or abort()");
        }
        return view.point(activeClaim.buffer().address() + activeClaim.payloadOffset(), activeClaim.payloadLength(), false);
    }

    /**
     * Encodes {@code value} into the claim's payload from its start; on overflow aborts the claim
     * (a padding record, never a hole) and throws.
     *
     * @param activeClaim a claim that {@code Wal.tryClaim} has just filled.
     * @param value       the object to encode.
     * @return the number of payload bytes written (the rest of the payload keeps its zeroes).
     * @throws IllegalArgumentException when the encoding is longer than the claim's payload; the claim is aborted.
     */
    public int write(final AppendClaim activeClaim, final WriteBytesMarshallable value) {
        final Bytes<Void> out = wrap(activeClaim);
        try {
            value.writeMarshallable(out);
        } catch (final BufferOverflowException ex) {
            activeClaim.abort();
            throw overflow(activeClaim, value, ex);
        }
        return (int)out.writePosition();
    }

    private static IllegalArgumentException overflow(final AppendClaim claim, final WriteBytesMarshallable value, final BufferOverflowException cause) {
        final IllegalArgumentException ex = new IllegalArgumentException("encoding longer than the claimed payload, claim aborted: lsn=" + claim.lsn()
            + ", payloadLength=" + claim.payloadLength() + ", type=" + value.getClass().getName());
        ex.initCause(cause);
        return ex;
    }

    /** Releases the Chronicle objects behind the view (they hold no log memory). */
    @Override
    public void close() {
        view.close();
    }
}

package dev.mmwal.chronicle;

import dev.mmwal.LogRecord;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.ReadBytesMarshallable;

import java.nio.BufferUnderflowException;

/**
 * A reusable Chronicle {@link Bytes} read view over the payload of a {@link LogRecord}: reads
 * come straight from the mapped log, read position 0, read limit the payload length; a read past
 * the payload throws. Treat the view as read-only: the record is in the log.
 *
 * <p>Concurrency: single-threaded, like the reader that fills the record (Chronicle's {@code Bytes}
 * also checks that one thread uses it). Keep one per reading thread and rewrap it for every record:
 * wrapping allocates nothing. The view is valid until the reader's next call, as the record is.
 */
public final class RecordBytes implements AutoCloseable {
    private final PayloadView view = new PayloadView();

    /** A view over nothing; {@link #wrap(LogRecord)} points it at a record. */
    public RecordBytes() {
    }

    /**
     * Points this view at the record's payload.
     *
     * @param record a record a reader or tailer has just filled.
     * @return this view's {@link Bytes}, the same object on every call.
     * @throws IllegalStateException when the record was never filled.
     */
    public Bytes<Void> wrap(final LogRecord record) {
        if (record.buffer() == null) {
            throw new IllegalStateException("record is empty: wrap it after a reader's next() returned true");
        }
        return view.point(record.buffer().address() + record.payloadOffset(), record.payloadLength(), true);
    }

    /**
     * Decodes the record's payload into {@code target}.
     *
     * @param record a record a reader or tailer has just filled.
     * @param target the reusable object to decode into.
     * @param <T>    the object's type.
     * @return {@code target}.
     * @throws IllegalArgumentException when the decoder reads past the payload (the record is not a {@code T}).
     */
    public <T extends ReadBytesMarshallable> T read(final LogRecord record, final T target) {
        final Bytes<Void> in = wrap(record);
        try {
            target.readMarshallable(in);
        } catch (final BufferUnderflowException ex) {
            final IllegalArgumentException error = new IllegalArgumentException("decoder read past the record's payload: lsn=" + record.lsn()
                + ", payloadLength=" + record.payloadLength() + ", type=" + target.getClass().getName());
            error.initCause(ex);
            throw error;
        }
        return target;
    }

    /** Releases the Chronicle objects behind the view (they hold no log memory). */
    @Override
    public void close() {
        view.close();
    }
}

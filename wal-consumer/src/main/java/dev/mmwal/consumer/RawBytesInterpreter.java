package dev.mmwal.consumer;

/**
 * Opaque bytes, last write wins: the state is the data of the client's latest accepted message.
 * Stateless and thread-safe.
 */
public final class RawBytesInterpreter implements StateInterpreter<byte[]> {
    public static final RawBytesInterpreter INSTANCE = new RawBytesInterpreter();

    private RawBytesInterpreter() {
    }

    @Override
    public String id() {
        return "raw-bytes";
    }

    /** The bytes themselves: the store copies them into the log at once and keeps no reference. */
    @Override
    public byte[] format(final byte[] state) {
        return state;
    }

    @Override
    public byte[] parse(final byte[] bytes) {
        return bytes.clone();
    }

    /** The entry (copied, so a caller reusing its array cannot change the stored state). */
    @Override
    public byte[] merge(final byte[] current, final byte[] entry, final long messageId, final long timestampMillis) {
        return entry.clone();
    }
}

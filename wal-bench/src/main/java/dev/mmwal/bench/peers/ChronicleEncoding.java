package dev.mmwal.bench.peers;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The payload as a Chronicle user encodes it: a sequence number, the length, then the rest of the
 * payload bytes, through the Chronicle Bytes API. Writes exactly {@code payload.length} bytes
 * (payloads are at least {@link #HEADER} bytes). The same encoding goes into a Chronicle Queue
 * document and into an mmwal claim, so the two differ only in the log underneath.
 */
final class ChronicleEncoding {
    /** Bytes of the sequence number and length fields. */
    static final int HEADER = Long.BYTES + Integer.BYTES;

    private ChronicleEncoding() {
    }

    static void encode(final Bytes<?> bytes, final long sequence, final byte[] payload) {
        bytes.writeLong(sequence);
        bytes.writeInt(payload.length);
        bytes.write(payload, HEADER, payload.length - HEADER);
    }
}

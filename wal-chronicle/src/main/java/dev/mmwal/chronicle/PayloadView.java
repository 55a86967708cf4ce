package dev.mmwal.chronicle;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.PointerBytesStore;
import net.openhft.chronicle.bytes.VanillaBytes;

/**
 * One reusable Chronicle {@link Bytes} re-pointed at native memory (a payload in the mapped log)
 * without allocating: the shared part of {@link ClaimBytes} and {@link RecordBytes}.
 *
 * <p>Two {@link PointerBytesStore}s take turns: {@code VanillaBytes} re-reads a store's capacity
 * only when a different store is attached, so re-pointing one store at a longer payload would
 * leave the old, shorter capacity in force (seen with chronicle-bytes 2026.4; the tests pin it).
 *
 * <p>Concurrency: single-threaded, confined to its owner's thread.
 */
final class PayloadView implements AutoCloseable {
    private final PointerBytesStore even = new PointerBytesStore();
    private final PointerBytesStore odd = new PointerBytesStore();
    private final VanillaBytes<Void> bytes = VanillaBytes.vanillaBytes();
    private boolean useOdd;

    /**
     * Points the view at {@code length} bytes at {@code address}, read position 0.
     *
     * @param address the native address of the payload's first byte.
     * @param length  the payload length.
     * @param readable true: read limit {@code length} (a record to decode); false: write position 0 and
     *                 write limit {@code length} (a claim to encode into).
     * @return the view, the same object on every call.
     */
    Bytes<Void> point(final long address, final int length, final boolean readable) {
        useOdd = !useOdd;
        final PointerBytesStore store = useOdd ? odd : even;
        store.set(address, length);
        bytes.bytesStore(store, 0, readable ? length : 0);
        bytes.writeLimit(length);
        return bytes;
    }

    /** Releases the Chronicle objects (they own no memory: the log does). */
    @Override
    public void close() {
        bytes.releaseLast();
        even.releaseLast();
        odd.releaseLast();
    }
}

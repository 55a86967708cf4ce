package dev.mmwal.consumer.internal;

/**
 * The dedup decision, as pure functions of a client's max id, its window bitmap and the window
 * size W: no state, no I/O. Bit {@code i} of the bitmap is set when id {@code maxId - i} was
 * accepted, so the bitmap covers {@code (maxId - 64, maxId]}.
 *
 * <p>With W = 0 (the default) an id is new only above the max id: the original store's contract.
 * With W &gt; 0 an id in {@code (maxId - W, maxId]} whose bit is clear is new too (late, out of
 * order); anything at or below {@code maxId - W} is a duplicate, since the window has forgotten it.
 */
public final class DedupWindow {
    /** The max id of a client with no accepted message. */
    public static final long NO_ID = -1;

    private DedupWindow() {
    }

    /** True when {@code id} must be skipped as already processed (or too old to tell). */
    public static boolean isDuplicate(final long maxId, final long bits, final int window, final long id) {
        if (id > maxId) {
            return false;
        }
        final long distance = maxId - id;
        if (distance >= window) {
            return true;
        }
        return (bits >>> distance & 1L) != 0;
    }

    /** The bitmap after {@code id} is accepted (the new max id is {@code max(maxId, id)}). */
    public static long bitsAfterAccept(final long maxId, final long bits, final long id) {
        if (id > maxId) {
            final long shift = id - maxId;
            return shift >= Long.SIZE ? 1L : bits << shift | 1L;
        }
        return bits | 1L << (maxId - id);
    }
}

package dev.mmwal.bench.kv;

/** The rows {@link OpsPeer}s store: fixed-size ASCII keys in numeric order and one value size. */
final class OpsRows {
    static final int KEY_SIZE = 16;
    static final int VALUE_SIZE = 100;
    /** Rows per transaction while loading. */
    static final int LOAD_BATCH = 1000;

    private OpsRows() {
    }

    /** {@code k} then {@code index} in 15 decimal digits, zero-padded: a fresh array (stores may keep it). */
    static byte[] key(final int index) {
        final byte[] key = new byte[KEY_SIZE];
        fill(key, index);
        return key;
    }

    /** Writes the key of {@code index} into {@code key}, which has {@link #KEY_SIZE} bytes. */
    static void fill(final byte[] key, final int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative key index: index=" + index);
        }
        key[0] = 'k';
        int rest = index;
        for (int i = KEY_SIZE - 1; i > 0; i--) {
            key[i] = (byte)('0' + rest % 10);
            rest /= 10;
        }
    }
}

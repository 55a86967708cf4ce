package dev.mmwal.testing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Deterministic payloads: every byte is a function of a 64-bit key and its index, so any record can be checked byte-exact. */
public final class Payloads {
    private Payloads() {
    }

    public static byte byteAt(final long key, final int index) {
        long x = key * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        return (byte)x;
    }

    public static byte[] bytes(final long key, final int length) {
        final byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = byteAt(key, i);
        }
        if (length >= 8) {
            for (int i = 0; i < 8; i++) {
                out[i] = (byte)(key >>> (8 * i));
            }
        }
        return out;
    }

    /** The key a payload written by {@link #bytes} carries in its first 8 bytes. */
    public static long keyOf(final MemorySegment payload, final long offset) {
        return payload.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), offset);
    }

    /** True when {@code length} bytes at {@code offset} are exactly {@code bytes(key, length)}. */
    public static boolean matches(final MemorySegment segment, final long offset, final int length, final long key) {
        final byte[] expected = bytes(key, length);
        for (int i = 0; i < length; i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}

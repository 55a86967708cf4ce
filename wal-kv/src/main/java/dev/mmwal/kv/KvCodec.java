package dev.mmwal.kv;

import java.nio.charset.StandardCharsets;

/**
 * The typed layer: {@code long} and {@code String} keys and values as bytes. Long keys are
 * big-endian with the sign bit flipped, so byte order is numeric order and scans run in key order.
 *
 * <p>The array-returning methods allocate what they return; {@link #putLong} and {@link #keyBits}
 * are the allocation-free forms ({@link KvStore#getLong}/{@link KvStore#putLong} use them).
 */
public final class KvCodec {
    private KvCodec() {
    }

    /** An order-preserving 8-byte key. Allocates it. */
    public static byte[] key(final long key) {
        return longBytes(keyBits(key));
    }

    /** The 64 bits whose big-endian bytes are {@link #key(long)}: the sign bit flipped. */
    public static long keyBits(final long key) {
        return key ^ Long.MIN_VALUE;
    }

    /** Writes {@code value} big-endian (as {@link #value(long)} encodes it) at {@code offset}: the allocation-free form. */
    public static void putLong(final byte[] target, final int offset, final long value) {
        for (int i = 0; i < 8; i++) {
            target[offset + i] = (byte)(value >>> (56 - 8 * i));
        }
    }

    /** The long {@link #putLong} wrote at {@code offset}: the allocation-free read form. */
    public static long toLong(final byte[] source, final int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (source[offset + i] & 0xFF);
        }
        return value;
    }

    /** The long a {@link #key(long)} encodes. */
    public static long keyToLong(final byte[] key) {
        return toLong(key, "key") ^ Long.MIN_VALUE;
    }

    /** UTF-8 bytes; byte order is code point order. */
    public static byte[] key(final String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(final long value) {
        return longBytes(value);
    }

    public static byte[] value(final String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The long an 8-byte value holds. */
    public static long toLong(final byte[] value) {
        return toLong(value, "value");
    }

    public static String toString(final byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] longBytes(final long value) {
        final byte[] bytes = new byte[8];
        putLong(bytes, 0, value);
        return bytes;
    }

    private static long toLong(final byte[] bytes, final String what) {
        if (bytes.length != 8) {
            throw new KvException("not a long " + what + ": length=" + bytes.length + ", expected=8");
        }
        return toLong(bytes, 0);
    }
}

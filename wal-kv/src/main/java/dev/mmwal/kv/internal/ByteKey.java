package dev.mmwal.kv.internal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A row's identity: table id and key bytes, ordered by table then unsigned lexicographic key
 * order.
 *
 * <p>Two uses. A <em>stored</em> key ({@link #ByteKey(int, byte[])}, {@link #copy()}) owns an
 * exact-length array and never changes: only stored keys go into the index. A <em>probe</em>
 * ({@link #probe(int)}) is a reusable flyweight over its own buffer, rewrapped for each lookup
 * ({@link #wrap}, {@link #wrapLong}) so that finding an existing row allocates nothing. A probe
 * belongs to one transaction (one thread at a time) and is never stored in a map.
 */
public final class ByteKey implements Comparable<ByteKey> {
    private int table;
    private byte[] key;
    private int length;
    private int hash;

    public ByteKey(final int table, final byte[] key) {
        this.table = table;
        this.key = key;
        this.length = key.length;
        this.hash = hash(table, key, key.length);
    }

    private ByteKey(final int capacity) {
        this.key = new byte[capacity];
    }

    /** A reusable lookup key over a buffer of {@code capacity} bytes (the store's max key size). */
    public static ByteKey probe(final int capacity) {
        return new ByteKey(capacity);
    }

    /** Points this probe at {@code bytes} (copied into its buffer); returns it. Probes only. */
    public ByteKey wrap(final int tableId, final byte[] bytes) {
        System.arraycopy(bytes, 0, key, 0, bytes.length);
        return rehash(tableId, bytes.length);
    }

    /** Points this probe at the 8 bytes {@code bits}, big-endian; returns it. Probes only. */
    public ByteKey wrapLong(final int tableId, final long bits) {
        for (int i = 0; i < 8; i++) {
            key[i] = (byte)(bits >>> (56 - 8 * i));
        }
        return rehash(tableId, 8);
    }

    private ByteKey rehash(final int tableId, final int keyLength) {
        this.table = tableId;
        this.length = keyLength;
        this.hash = hash(tableId, key, keyLength);
        return this;
    }

    private static int hash(final int table, final byte[] key, final int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + key[i];
        }
        return 31 * table + h;
    }

    /** A stored key equal to this one (owning a fresh exact-length array). */
    public ByteKey copy() {
        return new ByteKey(table, Arrays.copyOf(key, length));
    }

    public int table() {
        return table;
    }

    /** The key bytes of a stored key (do not modify); of a probe, its buffer: use {@link #length()}. */
    public byte[] key() {
        return key;
    }

    public int length() {
        return length;
    }

    /** Whether this key is table {@code tableId}'s {@code other[0, otherLength)}. */
    public boolean matches(final int tableId, final byte[] other, final int otherLength) {
        return table == tableId && Arrays.equals(key, 0, length, other, 0, otherLength);
    }

    @Override
    public int compareTo(final ByteKey other) {
        final int byTable = Integer.compare(table, other.table);
        return byTable != 0 ? byTable : Arrays.compareUnsigned(key, 0, length, other.key, 0, other.length);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ByteKey that && that.matches(table, key, length);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code table=3/key=alice} for printable keys, {@code table=3/key=0x00ff} otherwise. */
    @Override
    public String toString() {
        return describe(table, key, length);
    }

    static String describe(final int table, final byte[] key, final int length) {
        return "table=" + table + "/key=" + printable(Arrays.copyOf(key, length));
    }

    static String printable(final byte[] key) {
        for (final byte b : key) {
            if (b < 0x20 || b > 0x7E) {
                return "0x" + HexFormat.of().formatHex(key);
            }
        }
        return new String(key, java.nio.charset.StandardCharsets.US_ASCII);
    }
}

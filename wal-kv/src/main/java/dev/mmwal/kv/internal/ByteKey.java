package dev.mmwal.kv.internal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A row's identity: table id and key bytes, ordered by table then unsigned lexicographic key
 * order. Immutable (the array is owned: callers pass a copy).
 */
public final class ByteKey implements Comparable<ByteKey> {
    private final int table;
    private final byte[] key;
    private final int hash;

    public ByteKey(final int table, final byte[] key) {
        this.table = table;
        this.key = key;
        this.hash = 31 * table + Arrays.hashCode(key);
    }

    public int table() {
        return table;
    }

    /** The key bytes (do not modify). */
    public byte[] key() {
        return key;
    }

    @Override
    public int compareTo(final ByteKey other) {
        final int byTable = Integer.compare(table, other.table);
        return byTable != 0 ? byTable : Arrays.compareUnsigned(key, other.key);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ByteKey that && that.table == table && Arrays.equals(that.key, key);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code table=3/key=alice} for printable keys, {@code table=3/key=0x00ff} otherwise. */
    @Override
    public String toString() {
        return "table=" + table + "/key=" + printable(key);
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

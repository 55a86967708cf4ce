package dev.mmwal.bench.kv;

import java.nio.file.Path;

/**
 * One system serving point gets, single-put transactions and short ordered scans on a preloaded
 * table, without syncing. Every system stores the same rows: {@link #KEYS} keys of
 * {@link OpsRows#KEY_SIZE} ASCII bytes ({@code k} and 15 decimal digits, so byte order is numeric
 * order, signed or unsigned) and {@link OpsRows#VALUE_SIZE}-byte values.
 *
 * <p>Threads: after {@link #load}, any number of threads call get, put and scan at once (two puts of
 * one key wait on its row lock in wal-kv, RocksDB and H2, and every LMDB put queues on its writer).
 */
interface OpsPeer extends AutoCloseable {
    int KEYS = 100_000;
    int SCAN_ROWS = 100;

    /** Opens {@code system} in the empty directory {@code dir} and loads {@code rows} rows of {@code value} (the benchmark: {@link #KEYS}). */
    static OpsPeer open(final String system, final Path dir, final byte[] value, final int rows) {
        final OpsPeer peer = switch (system) {
            case "mmwal" -> new MmwalOpsPeer(dir);
            case "rocksdb" -> new RocksOpsPeer(dir);
            case "lmdb" -> new LmdbOpsPeer(dir);
            case "h2" -> new H2OpsPeer(dir);
            default -> throw new IllegalArgumentException("unknown kv system: system=" + system + ", expected=mmwal|rocksdb|lmdb|h2");
        };
        peer.load(value, rows);
        return peer;
    }

    /** Writes every key {@code 0..rows-1} with {@code value}, in transactions of {@link OpsRows#LOAD_BATCH} rows. */
    void load(byte[] value, int rows);

    /** The committed value of key {@code index}: its length, or -1 when absent. */
    int get(int index);

    /** Writes key {@code index} in a transaction of its own, committed without a sync. */
    void put(int index, byte[] value);

    /** Reads {@link #SCAN_ROWS} rows in key order from key {@code first}; returns how many it saw. */
    int scan(int first);

    @Override
    void close();
}

package dev.mmwal.kv;

/**
 * A handle on a named table: from {@link KvStore#createTable} or {@link KvStore#table}. Valid
 * until the table is dropped. Immutable, thread-safe.
 *
 * @param name the table's name.
 * @param id   its number in the catalog (rows carry it).
 */
public record KvTable(String name, int id) {
}

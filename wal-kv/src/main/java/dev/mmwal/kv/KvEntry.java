package dev.mmwal.kv;

/** One row returned by {@link KvStore#scan}: copies, owned by the caller. */
public record KvEntry(byte[] key, byte[] value) {
}

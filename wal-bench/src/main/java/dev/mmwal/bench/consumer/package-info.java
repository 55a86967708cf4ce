/**
 * The consumer-state store against its peers: mmwal's {@code wal-consumer}, the original
 * file-per-message design written in Java, and RocksDB with state and max id in one write batch.
 */
package dev.mmwal.bench.consumer;

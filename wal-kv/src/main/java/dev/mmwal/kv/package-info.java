/**
 * wal-kv: a transactional key-value store on wal-txn. {@link dev.mmwal.kv.KvStore} is the entry
 * point: named tables, transactions under strict two-phase locking, ordered scans, commits durable
 * through group commit, ARIES recovery (docs/kv.md).
 */
package dev.mmwal.kv;

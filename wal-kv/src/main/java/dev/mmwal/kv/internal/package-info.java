/**
 * wal-kv internals: the page store ({@link dev.mmwal.kv.internal.PageStore}, the wal-txn
 * {@code RecoveryHandler}), the page file, the lock manager and the in-memory key index. Not
 * exported; the API is {@link dev.mmwal.kv.KvStore}.
 */
package dev.mmwal.kv.internal;

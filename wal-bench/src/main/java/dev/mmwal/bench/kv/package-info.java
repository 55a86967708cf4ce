/** wal-kv against RocksDB TransactionDB, LMDB and H2 MVStore (JMH): the durable bank, and get/put/scan without sync. */
package dev.mmwal.bench.kv;

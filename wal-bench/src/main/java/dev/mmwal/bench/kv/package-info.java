/** The bank workload on wal-kv against RocksDB TransactionDB (JMH). */
package dev.mmwal.bench.kv;

/** wal-txn benchmarks: transactions/s against RocksDB's TransactionDB, restart recovery time against log size and losers. */
package dev.mmwal.bench.txn;

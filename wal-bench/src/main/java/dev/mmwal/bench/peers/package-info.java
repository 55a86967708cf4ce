/** Every system under test behind two small interfaces: mmwal, RocksDB, Chronicle Queue, plain FileChannel logs and the physical baselines. */
package dev.mmwal.bench.peers;

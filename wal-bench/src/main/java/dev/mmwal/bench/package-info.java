/** JMH benchmarks of mmwal against RocksDB, Chronicle Queue and plain Java baselines, and the runner that compares them. */
package dev.mmwal.bench;

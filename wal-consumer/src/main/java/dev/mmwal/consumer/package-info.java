/**
 * An idempotent consumer-state store on one mmwal log: {@link dev.mmwal.consumer.ConsumerStore}
 * persists each client's messages with dedup by message id, merges them through a
 * {@link dev.mmwal.consumer.StateInterpreter}, snapshots and truncates. {@code docs/consumer.md}
 * is the manual.
 */
package dev.mmwal.consumer;

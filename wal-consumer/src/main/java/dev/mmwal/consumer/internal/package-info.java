/**
 * The consumer store's machinery, not API: per-client state and its lock, the dedup window, the
 * record writer and reader, replay, checkpoints and the housekeeping agent.
 */
package dev.mmwal.consumer.internal;

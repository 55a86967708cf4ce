/**
 * Layer 7 (docs/design.md, "Layers"): durability. The flusher agent syncs and publishes the
 * durable LSN; committers meet it through commit requests and waiters. Imports only internal.log
 * and below.
 */
package dev.mmwal.internal.flush;

/**
 * Layer 6 (docs/design.md, "Layers"): the shared state of an open log (segment table, lock-free
 * tail allocator, durable LSN, failure), the one record writer, record validation and the segment
 * preparer. Imports only internal.segment and below. Memory orders are in accessor names.
 */
package dev.mmwal.internal.log;

/** Internals: segments, the tail allocator, the flusher, waiters and recovery. Not exported. */
package dev.mmwal.internal;

/**
 * jcstress tests of mmwal's concurrent components: one {@code <Subject>Tests} class per component,
 * one nested {@code @JCStressTest} per property, a {@code desc} on every outcome and a catch-all
 * FORBIDDEN. They run over in-memory segments (see {@link dev.mmwal.stress.support.MemoryLogs}),
 * so a state object costs a LogEngine and a pooled 64 KiB block, not a file.
 */
package dev.mmwal.stress.jcstress;

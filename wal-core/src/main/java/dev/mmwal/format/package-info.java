/**
 * The on-disk format: record and segment header descriptors, record types, LSN arithmetic and
 * checksums. {@code docs/format.md} is the prose version of these classes.
 *
 * <p>Memory-order vocabulary used across mmwal: a plain accessor has no suffix; {@code ...Release}
 * is a release store (every earlier store is visible to a thread that acquire-reads the value);
 * {@code ...Acquire} is an acquire load (later loads cannot move before it). A value published
 * with release is always read with acquire.
 */
package dev.mmwal.format;

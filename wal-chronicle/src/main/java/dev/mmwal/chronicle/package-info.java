/**
 * Optional Chronicle Bytes views over mmwal's zero-copy API: {@link dev.mmwal.chronicle.ClaimBytes}
 * over an {@link dev.mmwal.AppendClaim}'s payload and {@link dev.mmwal.chronicle.RecordBytes} over a
 * {@link dev.mmwal.LogRecord}'s payload, so {@code BytesMarshallable} objects encode straight into
 * the mapped log and decode from it without copies. Kept out of wal-core: Chronicle needs its own
 * JVM flags and {@code sun.misc.Unsafe}. {@code docs/chronicle.md} is the manual.
 */
package dev.mmwal.chronicle;

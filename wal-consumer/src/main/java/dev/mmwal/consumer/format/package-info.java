/**
 * The consumer store's payload format inside mmwal DATA records: the payload header descriptor and
 * the record kinds. {@code docs/consumer.md} is the prose version. Accessors are plain (no memory
 * order suffix): records are read only after mmwal published them with release and the reader
 * acquired their frame length.
 */
package dev.mmwal.consumer.format;

/**
 * The on-disk structures of wal-kv, each declared once as a {@code StructLayout}: the page file
 * header, the page header and the slot header. All fields are little-endian; accessors work on
 * plain {@code byte[]} pages (the store's pages live on the Java heap).
 */
package dev.mmwal.kv.format;

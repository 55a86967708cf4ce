/** The mmwal API: open a {@link dev.mmwal.Wal}, append, await durability, read back. */
package dev.mmwal;

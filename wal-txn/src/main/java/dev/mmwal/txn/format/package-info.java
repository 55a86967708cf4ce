/**
 * The on-disk structures the transaction layer owns: its record type codes, the CLR payload
 * sub-header, the checkpoint payload and the {@code txn.control} file. Each is declared once as a
 * {@link java.lang.foreign.StructLayout} whose offsets a test pins. All fields are little-endian.
 */
package dev.mmwal.txn.format;

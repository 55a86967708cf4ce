/**
 * The bank: accounts whose concurrent transfers commit through wal-kv, a child JVM killed
 * mid-load, and the audit after recovery (money conserved, every acknowledged transfer present,
 * no partial transfer, no negative balance). {@code ./mmwal demo} runs it.
 */
package dev.mmwal.kv.bank;

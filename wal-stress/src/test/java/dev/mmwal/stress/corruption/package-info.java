/** Deterministic corruption corpus over seed logs: every case ends in the expected prefix or a typed WalCorruptionException. */
package dev.mmwal.stress.corruption;

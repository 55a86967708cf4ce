/** Deterministic recovery edge cases: where the recovered end falls relative to segment boundaries. */
package dev.mmwal.stress.recovery;

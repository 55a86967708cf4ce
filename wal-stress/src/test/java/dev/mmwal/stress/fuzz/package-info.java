/** Fuzzing of record decoding, segment-header parsing and open/recover: Jazzer targets and a seeded random-mutation driver. */
package dev.mmwal.stress.fuzz;

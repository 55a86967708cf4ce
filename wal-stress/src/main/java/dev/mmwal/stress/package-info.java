/** The reliability evidence for mmwal: concurrency, crash, power-loss, corruption, fuzzing and I/O-fault tests. */
package dev.mmwal.stress;

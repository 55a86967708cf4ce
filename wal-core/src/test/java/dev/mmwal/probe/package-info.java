/** Opt-in measurement harnesses behind the figures in docs/design.md (not tests: enabled by -Dmmwal.probe=true). */
package dev.mmwal.probe;

/** The invariants every stress test checks (D1-D7 of issue 5), and the shared test knobs. */
package dev.mmwal.stress.oracle;

/** The one-command comparison: runs the benchmarks through JMH's API and prints a table per scenario with ratios to the peers. */
package dev.mmwal.bench.report;

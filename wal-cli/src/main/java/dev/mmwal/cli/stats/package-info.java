/** {@code mmwal stats}: records and bytes by type, like pg_waldump --stats. */
package dev.mmwal.cli.stats;

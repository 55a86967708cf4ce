/** {@code mmwal stat}: the live counters of an open log, read from its counters file without a lock. */
package dev.mmwal.cli.stat;

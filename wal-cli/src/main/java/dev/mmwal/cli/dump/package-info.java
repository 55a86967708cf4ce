/** {@code mmwal dump}: one line per record, like pg_waldump. */
package dev.mmwal.cli.dump;

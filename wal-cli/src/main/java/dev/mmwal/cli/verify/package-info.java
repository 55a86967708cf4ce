/** {@code mmwal verify}: checks every segment header and record of a log. */
package dev.mmwal.cli.verify;

/** The {@code mmwal} command: inspect, check and exercise a log from the shell. */
package dev.mmwal.cli;

/** {@code mmwal demo}: a committing workload, a SIGKILL crash test, and a summary a person can read. */
package dev.mmwal.cli.demo;

/** {@code mmwal doctor}: can this directory hold a log well, and what group commit suits it. */
package dev.mmwal.cli.doctor;

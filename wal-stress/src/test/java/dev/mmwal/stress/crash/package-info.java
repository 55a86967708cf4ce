/** Process-crash tests: a child JVM under load is killed with SIGKILL, then the parent recovers and checks. */
package dev.mmwal.stress.crash;

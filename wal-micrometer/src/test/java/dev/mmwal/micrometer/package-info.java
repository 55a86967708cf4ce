/** The binder's meters against a real log and a SimpleMeterRegistry. */
package dev.mmwal.micrometer;

/**
 * An optional Micrometer binding for mmwal: {@link dev.mmwal.micrometer.WalMetricsBinder} registers
 * meters over a log's always-on {@link dev.mmwal.WalMetrics}. {@code docs/micrometer.md} lists the
 * meters.
 */
package dev.mmwal.micrometer;

package dev.mmwal;

/**
 * What opening a log does with damage ({@code docs/recovery.md} defines each precisely).
 */
public enum RecoveryMode {
    /**
     * Default. Damage at the tail of the log (a torn or unfinished write after the last durable
     * point) is truncated; damage inside the part known to be durable (a sealed segment) is an
     * error.
     */
    TOLERATE_TORN_TAIL,
    /** Any invalid bytes before the end of the log, even at the tail, are an error. */
    ABSOLUTE_CONSISTENCY,
    /** Stop at the first damage and keep the valid prefix, wherever the damage is. */
    POINT_IN_TIME,
    /** Keep every valid record, skip over damaged ranges, and report each skipped range. */
    SKIP_CORRUPTED
}

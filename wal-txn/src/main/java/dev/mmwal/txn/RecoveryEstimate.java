package dev.mmwal.txn;

/**
 * How long a restart recovery would take after a crash now, as the recovery-time trigger sees it
 * ({@link TxnLog#recoveryEstimate()}).
 *
 * @param replayBytes    log bytes analysis and redo would read: from the last checkpoint's BEGIN
 *                       and from its redo start to the tail.
 * @param bytesPerSecond the replay rate measured online.
 * @param rateSource     where the rate comes from: "recovery" (this process's restart recovery),
 *                       "probe" (timed scans of the log while it runs: no engine calls, so
 *                       optimistic) or "assumed" ({@link TxnConfig#assumedReplayBytesPerSecond()}).
 * @param estimateNanos  {@code replayBytes / bytesPerSecond}.
 * @param targetNanos    the configured bound (0: no target).
 * @param redoStartLsn   the last checkpoint's redo start: when it lags far behind its BEGIN, the
 *                       engine's oldest dirty pages pin replay and only writing them back helps.
 */
public record RecoveryEstimate(long replayBytes, double bytesPerSecond, String rateSource, long estimateNanos, long targetNanos,
                               long redoStartLsn) {
}

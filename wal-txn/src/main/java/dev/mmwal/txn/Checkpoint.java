package dev.mmwal.txn;

/**
 * One completed checkpoint.
 *
 * @param beginLsn          its CHECKPOINT_BEGIN.
 * @param endLsn            its CHECKPOINT_END (named by the control file).
 * @param redoLsn           the smallest recLsn it recorded (beginLsn when no page was dirty).
 * @param transactions      live transactions it recorded.
 * @param dirtyPages        dirty pages it recorded.
 * @param truncateBeforeLsn the truncation point it allowed (min of redoLsn, oldest live first LSN, retention floor,
 *                          every named tailer's committed position).
 * @param segmentsDeleted   segments truncation deleted after it.
 */
public record Checkpoint(long beginLsn, long endLsn, long redoLsn, int transactions, int dirtyPages,
                         long truncateBeforeLsn, int segmentsDeleted) {
}

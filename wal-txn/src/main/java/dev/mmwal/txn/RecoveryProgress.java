package dev.mmwal.txn;

/**
 * Where a running {@link TxnLog#recover} is, polled with {@link TxnLog#recoveryProgress()} from
 * any thread. Published by the recovering thread at each phase change and every
 * 256 records, so a poll sees
 * a consistent snapshot at most that many records old.
 *
 * <p>Work is counted in log bytes: analysis reads from its checkpoint's CHECKPOINT_BEGIN to the
 * end, redo from the smallest recLsn to the end, undo sweeps backward from the largest
 * undo-next LSN of the losers to the smallest first LSN. The redo and undo extents are known once
 * analysis ends; until then {@code bytesPlanned} holds the analysis extent only.
 *
 * @param phase        what recovery is doing.
 * @param positionLsn  the LSN the current phase reached.
 * @param recordsDone  records processed by all phases so far.
 * @param bytesDone    log bytes processed by all phases so far.
 * @param bytesPlanned log bytes all phases process (as far as known now).
 * @param elapsedNanos time since recovery began, at the snapshot.
 * @param etaNanos     estimated time to the end, at the rate measured so far in this recovery
 *                     (before 64 KiB were processed: the layer's replay-rate estimate); 0 when done.
 */
public record RecoveryProgress(Phase phase, long positionLsn, long recordsDone, long bytesDone, long bytesPlanned,
                               long elapsedNanos, long etaNanos) {
    /** The phases, in order. */
    public enum Phase { NOT_STARTED, ANALYSIS, REDO, UNDO, DONE }

    /** Before recovery began. */
    public static final RecoveryProgress NOT_STARTED = new RecoveryProgress(Phase.NOT_STARTED, 0, 0, 0, 0, 0, 0);

    /** Fraction of the planned bytes done, in [0, 1]. */
    public double fractionDone() {
        return bytesPlanned == 0 ? (phase == Phase.DONE ? 1 : 0) : Math.min(1, (double)bytesDone / bytesPlanned);
    }
}

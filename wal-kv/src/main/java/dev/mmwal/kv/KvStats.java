package dev.mmwal.kv;

import dev.mmwal.txn.TxnStats;

/**
 * Runtime counters of a {@link KvStore}.
 *
 * @param commits      transactions committed.
 * @param rollbacks    transactions rolled back.
 * @param checkpoints  store checkpoints (pages written back, then the log checkpointed and truncated).
 * @param pagesWritten pages written back by checkpoints.
 * @param pages        pages in memory.
 * @param locks        row locks held now.
 * @param txn          wal-txn's counters and the log's group-commit figures.
 */
public record KvStats(long commits, long rollbacks, long checkpoints, long pagesWritten, long pages, int locks, TxnStats txn) {
}

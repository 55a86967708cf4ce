package dev.mmwal.consumer;

/**
 * Counts since the store was opened.
 *
 * @param clients             clients holding state now.
 * @param entries             persists written as ENTRY records.
 * @param snapshots           persists written as SNAPSHOT records (every {@code entriesPerSnapshot}-th of a client).
 * @param duplicates          persists skipped as duplicates.
 * @param clears              clears written.
 * @param checkpoints         store-wide checkpoints run (on open, by bytes or time, or asked).
 * @param compactionSnapshots snapshots a checkpoint wrote (store-wide, or to move an idle client off an old segment).
 * @param segmentsTruncated   segment files deleted.
 * @param checkpointFailures  background checkpoints that threw (the floor stayed).
 */
public record ConsumerStoreStats(int clients, long entries, long snapshots, long duplicates, long clears, long checkpoints,
                                 long compactionSnapshots, long segmentsTruncated, long checkpointFailures) {
}

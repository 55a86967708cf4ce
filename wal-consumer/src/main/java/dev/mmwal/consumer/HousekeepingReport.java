package dev.mmwal.consumer;

import dev.mmwal.RecoveryReport;

/**
 * What opening a store found and did.
 *
 * @param recovery          the log's own recovery: torn or failed-CRC records it cut from the tail.
 * @param recordsScanned    records read by the first replay pass (META included).
 * @param recordsReplayed   records applied to a client (a snapshot, then its later entries).
 * @param recordsSuperseded entries and snapshots skipped because a later snapshot or clear covers them.
 * @param clients           clients holding state after the replay.
 * @param segmentsTruncated segment files the opening checkpoint deleted.
 */
public record HousekeepingReport(RecoveryReport recovery, long recordsScanned, long recordsReplayed, long recordsSuperseded,
                                 int clients, int segmentsTruncated) {
}

package dev.mmwal.consumer.internal;

import java.util.concurrent.atomic.LongAdder;

/** Event counts of one open store, for stats and tests. Thread-safe, contention-free ({@link LongAdder}). */
public final class StoreCounters {
    public final LongAdder entries = new LongAdder();
    public final LongAdder snapshots = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder clears = new LongAdder();
    public final LongAdder checkpoints = new LongAdder();
    public final LongAdder compactionSnapshots = new LongAdder();
    public final LongAdder truncatedSegments = new LongAdder();
    public final LongAdder checkpointFailures = new LongAdder();
}

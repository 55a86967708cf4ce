package dev.mmwal.stress.support;

import dev.mmwal.SyncMethod;
import dev.mmwal.WalConfig;
import dev.mmwal.commit.GreedyPolicy;
import dev.mmwal.internal.log.LogEngine;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.internal.segment.SegmentTable;
import dev.mmwal.io.FileOps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Two in-memory segments (indexes 0 and 1) of {@link #SEGMENT_SIZE} bytes that <em>alias one
 * 64 KiB block</em>, with the configuration and table a {@code LogEngine} needs. The aliasing is
 * deliberate and safe for what the jcstress tests touch: records near the end of segment 0
 * (offsets above {@code SEGMENT_SIZE - 4096}) and near the start of segment 1 (below 4096) never
 * share a byte, and it halves the memory each state costs.
 *
 * <p>Not thread-safe to {@link #engine create} and {@link #reset}; one jcstress state owns it at
 * a time (see {@link MemoryLogs}).
 */
public final class MemoryLog {
    public static final long SEGMENT_SIZE = WalConfig.MIN_SEGMENT_SIZE;
    /** Bytes at each end of the block the tests may dirty; {@link #reset} zeroes them. */
    public static final long TOUCHED = 4096;

    private final InMemoryFileOps ops = new InMemoryFileOps();
    private final MemorySegment block;
    private final WalConfig config;
    private final SegmentTable table;

    MemoryLog() {
        block = Arena.ofAuto().allocate(SEGMENT_SIZE, 4096);
        config = WalConfig.builder(Path.of("in-memory-log"))
            .segmentSize(SEGMENT_SIZE)
            .fileOps(ops)
            .syncMethod(SyncMethod.FDATASYNC)
            .groupCommitPolicy(() -> GreedyPolicy.INSTANCE)
            .maxParkedWaiters(4)
            .maxUnsyncedNanos(0)
            .pretouchBytes(0)
            .build();
        try {
            ops.offerMapping(block);
            ops.offerMapping(block);
            final Segment first = Segment.create(ops, config.directory(), 0, SEGMENT_SIZE, FileOps.Preallocation.FALLOCATE, FileOps.Prefault.NONE);
            final Segment second = Segment.create(ops, config.directory(), SEGMENT_SIZE, SEGMENT_SIZE, FileOps.Preallocation.FALLOCATE, FileOps.Prefault.NONE);
            table = SegmentTable.EMPTY.with(first).with(second);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A fresh engine over these segments whose recovered end (durable LSN and tail) is {@code endLsn}. */
    public LogEngine engine(final long endLsn) {
        ops.dataSyncs = 0;
        ops.rangeSyncs = 0;
        return new LogEngine(config, table, endLsn);
    }

    public InMemoryFileOps ops() {
        return ops;
    }

    public WalConfig config() {
        return config;
    }

    /** Zeroes what a test may have written, so the next state starts from unwritten space. */
    void reset() {
        block.asSlice(0, TOUCHED).fill((byte)0);
        block.asSlice(SEGMENT_SIZE - TOUCHED, TOUCHED).fill((byte)0);
    }
}

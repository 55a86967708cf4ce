package dev.mmwal.bench.peers;

import dev.mmwal.SyncMethod;
import dev.mmwal.WritePath;

import java.nio.file.Path;

/** Opens a system under test by the name benchmarks take as a {@code @Param}. */
public final class Systems {
    /** mmwal's append modes first, then peers, then the physical baselines. */
    public static final String[] APPEND = {
        "mmwal-copy", "mmwal-claim", "mmwal-claim-cb", "mmwal-copy-nopretouch", "chronicle", "rocksdb", "filechannel", "memcpy", "memcpy-crc"};
    /** mmwal's policies first, then peers, then the physical floors. */
    public static final String[] COMMIT = {
        "mmwal-nstar", "mmwal-greedy", "mmwal-linger", "mmwal-staged", "mmwal-park", "mmwal-fdatasync", "rocksdb", "chronicle", "fc-force", "fc-group", "fdatasync-page", "fdatasync-clean"};

    private Systems() {
    }

    /** A log for no-sync appends of {@code payload}, in the empty directory {@code dir}. */
    public static AppendLog append(final String name, final Path dir, final byte[] payload) {
        return switch (name) {
            case "mmwal-copy" -> new MmwalAppendLog(dir, MmwalAppendLog.Mode.COPY, payload);
            case "mmwal-claim" -> new MmwalAppendLog(dir, MmwalAppendLog.Mode.CLAIM, payload);
            case "mmwal-claim-cb" -> new MmwalAppendLog(dir, MmwalAppendLog.Mode.CLAIM_CHRONICLE_BYTES, payload);
            case "mmwal-copy-nopretouch" -> new MmwalAppendLog(dir, MmwalAppendLog.Mode.COPY, payload, true);
            case "chronicle" -> new ChronicleLog(dir, payload, false);
            case "rocksdb" -> new RocksLog(dir, payload, false);
            case "filechannel" -> new FileChannelLog(dir, payload, false);
            case "memcpy" -> new MemoryCopyLog(dir, payload, false);
            case "memcpy-crc" -> new MemoryCopyLog(dir, payload, true);
            default -> throw new IllegalArgumentException("unknown append system: system=" + name);
        };
    }

    /** A log for durable commits of {@code payload}, in the empty directory {@code dir}. */
    public static CommitLog commit(final String name, final Path dir, final byte[] payload) {
        return switch (name) {
            case "mmwal-nstar" -> new MmwalCommitLog(dir, "nstar", payload);
            case "mmwal-greedy" -> new MmwalCommitLog(dir, "greedy", payload);
            case "mmwal-linger" -> new MmwalCommitLog(dir, "linger", payload);
            case "mmwal-staged" -> new MmwalCommitLog(dir, "nstar", payload, config -> config.writePath(WritePath.STAGED));
            case "mmwal-park" -> new MmwalCommitLog(dir, "nstar", payload, config -> config.waitStrategy(0, 0));
            case "mmwal-fdatasync" -> new MmwalCommitLog(dir, "nstar", payload, config -> config.syncMethod(SyncMethod.FDATASYNC));
            case "rocksdb" -> new RocksLog(dir, payload, true);
            case "chronicle" -> new ChronicleLog(dir, payload, true);
            case "fc-force" -> new FileChannelLog(dir, payload, true);
            case "fc-group" -> new GroupCommitFileLog(dir, payload);
            case "fdatasync-page" -> new FdatasyncProbe(dir, FdatasyncProbe.Kind.PAGE);
            case "fdatasync-clean" -> new FdatasyncProbe(dir, FdatasyncProbe.Kind.CLEAN);
            default -> throw new IllegalArgumentException("unknown commit system: system=" + name);
        };
    }
}

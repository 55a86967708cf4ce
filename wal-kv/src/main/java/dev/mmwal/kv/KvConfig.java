package dev.mmwal.kv;

import dev.mmwal.WalConfig;
import dev.mmwal.kv.format.PageDescriptor;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.kv.format.SlotDescriptor;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link KvStore} is laid out and runs. Built with {@link #builder(Path)}, validated by
 * {@link Builder#build()} with {@code key=value} messages.
 *
 * <ul>
 *   <li>{@code pageSize} (default 8 KiB, a power of two from 1 KiB to 32 KiB),
 *   {@code maxKeySize} (default 64) and {@code maxValueSize} (default 184): the geometry, fixed
 *   when the store is created; an existing store keeps its own (from {@code kv.meta}). Every row
 *   takes one slot of {@code align8(8 + maxKeySize + maxValueSize)} bytes.</li>
 *   <li>{@code syncMode}: the default {@link SyncMode} of {@link KvStore#commit(KvTxn)}.</li>
 *   <li>{@code segmentSize}: the log's segment size.</li>
 *   <li>{@code checkpointEveryMillis} (default 5000; 0: never automatically) and
 *   {@code checkpointEveryBytes} (default 32 MiB of log; 0: never by size): when the checkpoint
 *   thread writes dirty pages back and truncates the log.</li>
 *   <li>{@code lockTimeoutMillis} (default 2000): how long a transaction waits for a row lock.</li>
 *   <li>{@code tornPageProtection} (default {@link TornPageProtection#DOUBLEWRITE}, chosen by
 *   measurement: docs/kv.md, "Torn pages"): how a page write cut by a power loss is repaired. Not part of the store's identity: any store opens
 *   in either mode (open repairs from the doublewrite file when there is one, and redo applies
 *   whatever page images the log holds).</li>
 *   <li>{@code fileOps} (default {@link PosixFileOps#INSTANCE}): every file operation of the log
 *   and the page file, the seam power-loss tests simulate.</li>
 * </ul>
 */
public final class KvConfig {
    private final Path directory;
    private final int pageSize;
    private final int maxKeySize;
    private final int maxValueSize;
    private final SyncMode syncMode;
    private final long segmentSize;
    private final long checkpointEveryMillis;
    private final long checkpointEveryBytes;
    private final long lockTimeoutMillis;
    private final TornPageProtection tornPageProtection;
    private final FileOps fileOps;

    private KvConfig(final Builder builder) {
        this.directory = builder.directory;
        this.pageSize = builder.pageSize;
        this.maxKeySize = builder.maxKeySize;
        this.maxValueSize = builder.maxValueSize;
        this.syncMode = builder.syncMode;
        this.segmentSize = builder.segmentSize;
        this.checkpointEveryMillis = builder.checkpointEveryMillis;
        this.checkpointEveryBytes = builder.checkpointEveryBytes;
        this.lockTimeoutMillis = builder.lockTimeoutMillis;
        this.tornPageProtection = builder.tornPageProtection;
        this.fileOps = builder.fileOps;
    }

    public static Builder builder(final Path directory) {
        return new Builder(directory);
    }

    public Path directory() {
        return directory;
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxKeySize() {
        return maxKeySize;
    }

    public int maxValueSize() {
        return maxValueSize;
    }

    public SyncMode syncMode() {
        return syncMode;
    }

    public long segmentSize() {
        return segmentSize;
    }

    public long checkpointEveryMillis() {
        return checkpointEveryMillis;
    }

    public long checkpointEveryBytes() {
        return checkpointEveryBytes;
    }

    public long lockTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(lockTimeoutMillis);
    }

    public TornPageProtection tornPageProtection() {
        return tornPageProtection;
    }

    public FileOps fileOps() {
        return fileOps;
    }

    /** Fluent, validated construction. */
    public static final class Builder {
        private final Path directory;
        private int pageSize = 8192;
        private int maxKeySize = 64;
        private int maxValueSize = 184;
        private SyncMode syncMode = SyncMode.DURABLE;
        private long segmentSize = WalConfig.DEFAULT_SEGMENT_SIZE;
        private long checkpointEveryMillis = 5000;
        private long checkpointEveryBytes = 32L << 20;
        private long lockTimeoutMillis = 2000;
        private TornPageProtection tornPageProtection = TornPageProtection.DOUBLEWRITE;
        private FileOps fileOps = PosixFileOps.INSTANCE;

        private Builder(final Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        public Builder pageSize(final int bytes) {
            pageSize = bytes;
            return this;
        }

        public Builder maxKeySize(final int bytes) {
            maxKeySize = bytes;
            return this;
        }

        public Builder maxValueSize(final int bytes) {
            maxValueSize = bytes;
            return this;
        }

        public Builder syncMode(final SyncMode mode) {
            syncMode = Objects.requireNonNull(mode, "syncMode");
            return this;
        }

        public Builder segmentSize(final long bytes) {
            segmentSize = bytes;
            return this;
        }

        public Builder checkpointEveryMillis(final long millis) {
            checkpointEveryMillis = millis;
            return this;
        }

        public Builder checkpointEveryBytes(final long bytes) {
            checkpointEveryBytes = bytes;
            return this;
        }

        /** No automatic checkpoints: only {@link KvStore#checkpoint()} (and open, close). */
        public Builder manualCheckpointsOnly() {
            checkpointEveryMillis = 0;
            checkpointEveryBytes = 0;
            return this;
        }

        public Builder lockTimeoutMillis(final long millis) {
            lockTimeoutMillis = millis;
            return this;
        }

        public Builder tornPageProtection(final TornPageProtection protection) {
            tornPageProtection = Objects.requireNonNull(protection, "tornPageProtection");
            return this;
        }

        /** The file operations of the log and the page file (tests pass a simulating wrapper). */
        public Builder fileOps(final FileOps ops) {
            fileOps = Objects.requireNonNull(ops, "fileOps");
            return this;
        }

        public KvConfig build() {
            if (pageSize < 1024 || pageSize > 32768 || Integer.bitCount(pageSize) != 1) {
                throw new IllegalArgumentException("pageSize must be a power of two from 1024 to 32768: pageSize=" + pageSize);
            }
            if (maxKeySize < 8 || maxKeySize > 1024 || maxValueSize < 8 || maxValueSize > 8192) {
                // 8 at least: the catalog stores table names as keys and 8-byte table ids as values
                throw new IllegalArgumentException("key and value limits out of range (maxKeySize 8..1024, maxValueSize 8..8192): maxKeySize="
                    + maxKeySize + ", maxValueSize=" + maxValueSize);
            }
            final int slot = SlotDescriptor.slotSize(maxKeySize, maxValueSize);
            if (slot > pageSize - PageDescriptor.HEADER_LENGTH) {
                throw new IllegalArgumentException("a slot must fit a page: slotSize=" + slot + ", pageSize=" + pageSize + ", maxKeySize="
                    + maxKeySize + ", maxValueSize=" + maxValueSize);
            }
            if (checkpointEveryMillis < 0 || checkpointEveryBytes < 0 || lockTimeoutMillis < 1) {
                throw new IllegalArgumentException("checkpoint triggers must be >= 0 and the lock timeout >= 1 ms: checkpointEveryMillis="
                    + checkpointEveryMillis + ", checkpointEveryBytes=" + checkpointEveryBytes + ", lockTimeoutMillis=" + lockTimeoutMillis);
            }
            return new KvConfig(this);
        }
    }
}

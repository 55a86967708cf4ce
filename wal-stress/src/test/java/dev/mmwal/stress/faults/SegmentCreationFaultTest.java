package dev.mmwal.stress.faults;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalException;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.ForwardingFileOps;
import dev.mmwal.testing.FaultInjectingFileOps.Site;
import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A transient failure while a segment is created (the log's first at open, or the next one in the
 * preparer) must cost at most that attempt: the preparer retries, and the directory stays openable.
 */
class SegmentCreationFaultTest {
    private static final long SEGMENT_SIZE = 64 << 10;

    @TempDir
    Path dir;

    /** Fails the preparer's next call at one site, once; every other thread and call goes through. */
    private static final class PreparerFault extends ForwardingFileOps {
        private final Site site;
        private final AtomicBoolean armed = new AtomicBoolean();

        PreparerFault(final Site site) {
            super(PosixFileOps.INSTANCE);
            this.site = site;
        }

        void arm() {
            armed.set(true);
        }

        private void maybeFail(final Site at) throws IOException {
            if (at == site && "mmwal-preparer".equals(Thread.currentThread().getName()) && armed.compareAndSet(true, false)) {
                throw new IOException("injected EIO: site=" + at + " (preparer, once)");
            }
        }

        @Override
        public Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
            maybeFail(Site.ALLOCATE);
            return delegate.allocate(file, size, preferred);
        }

        @Override
        public MemorySegment map(final FileChannel channel, final FileChannel.MapMode mode, final long size, final Arena arena) throws IOException {
            maybeFail(Site.MAP);
            return delegate.map(channel, mode, size, arena);
        }

        @Override
        public void syncRange(final MemorySegment mapping, final long offset, final long length) throws IOException {
            maybeFail(Site.SYNC_RANGE);
            delegate.syncRange(mapping, offset, length);
        }

        @Override
        public void rename(final Path source, final Path target) throws IOException {
            maybeFail(Site.RENAME);
            delegate.rename(source, target);
        }

        @Override
        public void syncDirectory(final Path directory) throws IOException {
            maybeFail(Site.SYNC_DIRECTORY);
            delegate.syncDirectory(directory);
        }
    }

    /** Appends and commits four segments' worth of records. */
    private static void fillFourSegments(final Wal wal) {
        for (int i = 0; i < 4 * 64; i++) {
            wal.appendAndCommit(Payloads.bytes(i, 1_000));
        }
    }

    /**
     * Each preparer call fails once; the log keeps rolling. Core bug 1's cleanup gap (fixed on
     * main) made MAP fail forever afterwards: the failed map left the allocated file behind and the
     * retry's exclusive create then failed with EEXIST.
     */
    @ParameterizedTest
    @EnumSource(value = Site.class, names = {"ALLOCATE", "MAP", "SYNC_RANGE", "RENAME", "SYNC_DIRECTORY"})
    void shouldKeepRollingAfterATransientFailureWhilePreparingASegment(final Site site) {
        final PreparerFault ops = new PreparerFault(site);
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).fileOps(ops).build())) {
            ops.arm();
            fillFourSegments(wal);
        }
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build())) {
            wal.appendAndCommit(Payloads.bytes(-1, 100));
        }
    }

    /** Core bug 1 at open (fixed on main): the first segment's failed map left a zero file and the directory never opened again. */
    @Test
    void shouldOpenANewLogAfterMapFailedWhileCreatingItsFirstSegment() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps().failAfter(Site.MAP, 0, 1, "EIO");
        assertThrows(WalException.class, () -> Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).fileOps(ops).build()));
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).fileOps(new FaultInjectingFileOps()).build())) {
            wal.appendAndCommit(Payloads.bytes(1, 100));
        }
    }
}

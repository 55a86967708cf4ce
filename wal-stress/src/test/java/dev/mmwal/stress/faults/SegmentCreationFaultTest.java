package dev.mmwal.stress.faults;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalException;
import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.FaultInjectingFileOps.Site;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A transient failure while a segment is created (the log's first at open, or the next one in the
 * preparer) must cost at most that attempt: the preparer retries, and the directory stays openable.
 */
class SegmentCreationFaultTest {
    private static final long SEGMENT_SIZE = 64 << 10;

    @TempDir
    Path dir;

    private WalConfig config(final FaultInjectingFileOps ops) {
        return WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).fileOps(ops).build();
    }

    /** Appends and commits four segments' worth of records. */
    private static void fillFourSegments(final Wal wal) {
        for (int i = 0; i < 4 * 64; i++) {
            wal.appendAndCommit(Payloads.bytes(i, 1_000));
        }
    }

    /** Failures the current cleanup handles: the half-made file is deleted and the retry succeeds. */
    @ParameterizedTest
    @EnumSource(value = Site.class, names = {"ALLOCATE", "SYNC_RANGE", "SYNC_DIRECTORY"})
    void shouldKeepRollingAfterATransientFailureWhilePreparingASegment(final Site site) {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = Wal.open(config(ops))) {
            ops.failAfter(site, 0, 1, "EIO");
            fillFourSegments(wal);
        }
    }

    /**
     * Core bug 1 (cleanup gap): {@code Segment.create} allocates the file and then maps it outside
     * the block that deletes the file on failure. A failed map leaves a full-size, header-less file;
     * the preparer's retry then fails forever on it ({@code allocate} creates exclusively: EEXIST),
     * so the log can no longer roll, and appends past the segment end throw.
     */
    @Test
    @Disabled("core bug 1: a failed map in Segment.create leaves the allocated file behind; the preparer's retries fail forever (EEXIST)")
    void shouldKeepRollingAfterMapFailsWhilePreparingASegment() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps();
        try (Wal wal = Wal.open(config(ops))) {
            ops.failAfter(Site.MAP, 0, 1, "EIO");
            fillFourSegments(wal);
        }
    }

    /** Core bug 1 again, at open: the first segment's failed map leaves a zero file and the directory never opens again. */
    @Test
    @Disabled("core bug 1: a failed map while creating a new log's first segment leaves a zero file that makes every later open fail")
    void shouldOpenANewLogAfterMapFailedWhileCreatingItsFirstSegment() {
        final FaultInjectingFileOps ops = new FaultInjectingFileOps().failAfter(Site.MAP, 0, 1, "EIO");
        assertThrows(WalException.class, () -> Wal.open(config(ops)));
        try (Wal wal = Wal.open(config(new FaultInjectingFileOps()))) {
            wal.appendAndCommit(Payloads.bytes(1, 100));
        }
    }
}

package dev.mmwal;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.SegmentPreparer;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With the pretouch window on, segments are populated writable whole before appenders reach them
 * (issue 15): the appending thread takes no write fault per page. Counted from the thread's own
 * minor faults in {@code /proc/thread-self/stat} (Linux); a read-prefaulted segment took one per
 * 4 KiB page. The window is set to one page, which the preparer's sliding pretouch never acts on
 * (it works in 256 KiB chunks), so only the whole-segment population can keep the pages writable.
 */
class PretouchFaultTest {
    private static final Path STAT = Path.of("/proc/thread-self/stat");
    private static final int SEGMENT = 1 << 20;
    private static final int PAYLOAD = 1000;

    @TempDir
    Path dir;

    @Test
    void shouldTakeNoWriteFaultPerPageWhenAppendingIntoPopulatedSegments() {
        assumeTrue(Files.isReadable(STAT) && PosixFileOps.nativeAccess(), "needs /proc/thread-self/stat and MADV_POPULATE_WRITE");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).pretouchBytes(4096).maxUnsyncedNanos(0).build())) {
                awaitPrepared(dir.resolve(SegmentDescriptor.fileName(SEGMENT)));
                final byte[] payload = new byte[PAYLOAD];
                final int records = SEGMENT * 3 / 2 / (PAYLOAD + 48);
                final long before = minorFaults();
                for (int i = 0; i < records; i++) {
                    wal.append(payload);
                }
                final long faults = minorFaults() - before;
                final long pages = (long)records * (PAYLOAD + 48) / 4096;
                // read-prefaulted: about one fault per page (~380); populated: the header pages a sync cleaned, and noise
                assertTrue(faults < pages / 8, "faults=" + faults + ", pages=" + pages);
            }
        });
    }

    @Test
    void shouldPopulateNewSegmentsWritableOnlyWithThePretouchWindow() {
        final WalConfig windowed = WalConfig.builder(dir).prefault(FileOps.Prefault.READ).build();
        assertEquals(FileOps.Prefault.WRITE, SegmentPreparer.newSegmentPrefault(windowed));
        final WalConfig fdatasync = WalConfig.builder(dir).syncMethod(SyncMethod.FDATASYNC).prefault(FileOps.Prefault.READ).build();
        assertEquals(FileOps.Prefault.READ, SegmentPreparer.newSegmentPrefault(fdatasync));
        final WalConfig noWindow = WalConfig.builder(dir).pretouchBytes(0).prefault(FileOps.Prefault.NONE).build();
        assertEquals(FileOps.Prefault.NONE, SegmentPreparer.newSegmentPrefault(noWindow));
    }

    /** The preparer renames a segment to its real name only after populating it and syncing its header. */
    private static void awaitPrepared(final Path segment) throws InterruptedException {
        while (!Files.exists(segment)) {
            Thread.sleep(5);
        }
    }

    private static long minorFaults() throws IOException {
        final String stat = Files.readString(STAT);
        // fields after the command's closing parenthesis: state is field 3, minflt field 10 (proc(5))
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[10 - 3]);
    }
}

package dev.mmwal.stress.recovery;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.ForwardingFileOps;
import dev.mmwal.stress.oracle.LogCheck;
import dev.mmwal.testing.FaultInjectingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A crashed log whose recovered end sits at the end of an unsealed segment, or in its last 48
 * bytes (too short for a header, so implicitly padding). A crash right after a roll leaves exactly
 * this: the old segment ends with a padding record, not yet sealed, and the new one holds nothing.
 * Payload sizes below put the single record's end there in a 64 KiB segment (records start at
 * LSN 128, after the two header copies); the crash image is the segment files copied while the log is open (what a killed
 * process leaves in the page cache), so the segment is not sealed.
 */
class RecoveryEdgeTest {
    private static final long SEGMENT_SIZE = 64 << 10;
    // Payloads: 65424 (the maximum) ends exactly at the segment end; 65392 ends 32 bytes before it.

    @TempDir
    Path dir;

    private Path crashed;

    private WalConfig config() {
        return WalConfig.builder(crashed).segmentSize(SEGMENT_SIZE).build();
    }

    @BeforeEach
    void crashDirectory() throws IOException {
        crashed = Files.createDirectories(dir.resolve("crashed"));
    }

    /** Writes one record and leaves {@code dir} as a crash would: the files as they are while the log is open. */
    private long writeOneRecordAndCrash(final int payloadLength) throws IOException {
        final Path live = dir.resolve("live");
        try (Wal wal = Wal.open(WalConfig.builder(live).segmentSize(SEGMENT_SIZE).build())) {
            // published, not awaited: a sync would seal the segment (then recovery skips it)
            final long lsn = wal.append(Payloads.bytes(1, payloadLength));
            try (Stream<Path> files = Files.list(live)) {
                for (final Path file : files.filter(f -> f.toString().endsWith(".wal")).toList()) {
                    Files.copy(file, crashed.resolve(file.getFileName()));
                }
            }
            return lsn;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {65360, 65328})
    void shouldContinueWritingWhenRecoveredEndIsAtSegmentEnd(final int payloadLength) throws IOException {
        final long first = writeOneRecordAndCrash(payloadLength);
        try (Wal wal = Wal.open(config())) {
            assertEquals(List.of(new LogCheck.Rec(first, 1, payloadLength)), LogCheck.check(wal).records());
            // issue 10: the reported end, the tail and the durable LSN are one position, the same on
            // every open: where the next record starts (here, the next segment's first record)
            assertEquals(Lsns.nextRecordStart(first + 48 + payloadLength, SEGMENT_SIZE), wal.recoveryReport().endLsn(),
                "the recovered end is where the next record starts");
            assertEquals(wal.recoveryReport().endLsn(), wal.tailLsn());
            assertEquals(wal.recoveryReport().endLsn(), wal.durableLsn());
            final long next = wal.appendAndCommit(Payloads.bytes(2, 100));
            assertEquals(SEGMENT_SIZE + SegmentDescriptor.HEADER_LENGTH, next, "the next record starts the next segment");
            LogCheck.checkAfterRestart(wal.recoveryReport().endLsn(), next);
        }
        assertEquals(2, LogCheck.recoverAndCheck(config()).records().size());
    }

    /**
     * Core bug 5, fixed on main: the tail starts in the next segment, which the preparer has not
     * created yet (its allocate is held here, as a slow disk would). The first append used to
     * reserve there unchecked and throw NullPointerException from Wal.append, leaving a hole no sync
     * could pass; it must instead wait for the segment, then succeed and become durable.
     */
    @ParameterizedTest
    @ValueSource(ints = {65360, 65328})
    @Timeout(60)
    void shouldAppendAtOnceWhenTheTailStartsASegmentNotYetCreated(final int payloadLength) throws Exception {
        writeOneRecordAndCrash(payloadLength);
        try (Stream<Path> files = Files.list(crashed)) {
            for (final Path file : files.filter(f -> !f.getFileName().toString().startsWith("0000000000000000")).toList()) {
                Files.delete(file);
            }
        }
        final CountDownLatch allocateMayProceed = new CountDownLatch(1);
        final FaultInjectingFileOps slowAllocate = new FaultInjectingFileOps(new HeldAllocate(allocateMayProceed));
        try (Wal wal = Wal.open(WalConfig.builder(crashed).segmentSize(SEGMENT_SIZE).fileOps(slowAllocate).build())) {
            // the disk "answers" a moment after the append has started waiting for the segment
            Thread.ofPlatform().start(() -> {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                allocateMayProceed.countDown();
            });
            final long lsn = wal.appendAndCommit(Payloads.bytes(2, 100));
            assertEquals(SEGMENT_SIZE + SegmentDescriptor.HEADER_LENGTH, lsn);
        }
    }

    /** The real file operations, with {@code allocate} held until a latch opens. */
    private static final class HeldAllocate extends ForwardingFileOps {
        private final CountDownLatch latch;

        HeldAllocate(final CountDownLatch latch) {
            super(PosixFileOps.INSTANCE);
            this.latch = latch;
        }

        @Override
        public Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
            try {
                latch.await();
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
            return delegate.allocate(file, size, preferred);
        }
    }

    /**
     * Core bug 2, fixed on main (the durable LSN now starts at the next record position): opening
     * such a log and closing it without appending waited for LSN {@code tail - 1}, which nothing
     * would ever make durable: close timed out after 10 s and threw.
     */
    @ParameterizedTest
    @ValueSource(ints = {65360, 65328})
    void shouldCloseWhenRecoveredEndIsAtSegmentEnd(final int payloadLength) throws IOException {
        writeOneRecordAndCrash(payloadLength);
        final Wal wal = Wal.open(config());
        assertEquals(Lsns.nextRecordStart(wal.recoveryReport().endLsn(), SEGMENT_SIZE), wal.tailLsn());
        assertDoesNotThrow(wal::close);
    }

    /** Core bug 2, second face (fixed on main): {@code flush()} on such a log blocked forever. */
    @ParameterizedTest
    @ValueSource(ints = {65360, 65328})
    void shouldFlushWhenRecoveredEndIsAtSegmentEnd(final int payloadLength) throws IOException {
        writeOneRecordAndCrash(payloadLength);
        final Wal wal = Wal.open(config());
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), wal::flush, "flush with nothing to flush never returned");
        } finally {
            wal.close();
        }
    }
}

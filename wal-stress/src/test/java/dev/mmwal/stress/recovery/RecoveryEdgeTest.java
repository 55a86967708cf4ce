package dev.mmwal.stress.recovery;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.format.Lsns;
import dev.mmwal.stress.oracle.KnownCoreBugs;
import dev.mmwal.stress.oracle.LogCheck;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A log whose recovered end sits at a segment boundary, or in a segment's last 48 bytes (too
 * short for a header, so implicitly padding). A crash right after a roll leaves exactly this: the
 * old segment ends with a padding record and the new one holds nothing yet. Payload sizes below
 * put the single record's end there in a 64 KiB segment (records start at LSN 64).
 */
class RecoveryEdgeTest {
    private static final long SEGMENT_SIZE = 64 << 10;
    // Payloads: 65424 (the maximum) ends exactly at the segment end; 65392 ends 32 bytes before it.

    @TempDir
    Path dir;

    private WalConfig config() {
        return WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build();
    }

    private long writeOneRecord(final int payloadLength) {
        try (Wal wal = Wal.open(config())) {
            return wal.appendAndCommit(Payloads.bytes(1, payloadLength));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {65424, 65392})
    void shouldContinueWritingWhenRecoveredEndIsAtSegmentEnd(final int payloadLength) {
        final long first = writeOneRecord(payloadLength);
        try (Wal wal = Wal.open(config())) {
            assertEquals(List.of(new LogCheck.Rec(first, 1, payloadLength)), LogCheck.check(wal).records());
            final long next = wal.appendAndCommit(Payloads.bytes(2, 100));
            assertEquals(SEGMENT_SIZE + 64, next, "the next record starts the next segment");
            LogCheck.checkAfterRestart(wal.recoveryReport().endLsn(), next);
        }
        assertEquals(2, LogCheck.recoverAndCheck(config()).records().size());
    }

    /**
     * Core bug 2: reopening such a log and closing it without appending waits for LSN
     * {@code tail - 1} (in the next segment's header), which nothing will ever make durable: close
     * times out after 10 s and throws "close timed out waiting for records in flight".
     */
    @ParameterizedTest
    @ValueSource(ints = {65424, 65392})
    @Disabled("core bug 2: Wal.close() times out (10 s, WalException) when the recovered end is at a segment end or in its last 48 bytes")
    void shouldCloseWhenRecoveredEndIsAtSegmentEnd(final int payloadLength) {
        writeOneRecord(payloadLength);
        final Wal wal = Wal.open(config());
        assertEquals(Lsns.nextRecordStart(wal.recoveryReport().endLsn(), SEGMENT_SIZE), wal.tailLsn());
        assertDoesNotThrow(wal::close);
    }

    /** Core bug 2, second face: {@code flush()} on such a log blocks forever. */
    @ParameterizedTest
    @ValueSource(ints = {65424, 65392})
    @Disabled("core bug 2: Wal.flush() blocks forever when the recovered end is at a segment end or in its last 48 bytes")
    void shouldFlushWhenRecoveredEndIsAtSegmentEnd(final int payloadLength) {
        writeOneRecord(payloadLength);
        final Wal wal = Wal.open(config());
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), wal::flush, "flush with nothing to flush never returned");
        } finally {
            KnownCoreBugs.closeAfterReading(wal);
        }
    }
}

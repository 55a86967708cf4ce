package dev.mmwal;

import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.ForwardingFileOps;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Truncated segments kept as spares and prepared again under new base LSNs
 * ({@code WalConfig.recycleSegments}): the new segments are the old files (same inodes), no old
 * record is ever read as live, and a failure or crash in the middle of a recycle leaves a log that
 * recovers every durable record.
 */
class SegmentRecyclingTest {
    private static final long SEGMENT = 64 << 10;
    private static final int PAYLOAD = 3000;

    @TempDir
    Path dir;

    @Test
    void shouldPrepareNewSegmentsFromTruncatedOnesAndNeverReadTheirOldRecords() throws IOException {
        final List<long[]> written = new ArrayList<>();
        final long firstKept;
        try (Wal wal = Wal.open(config(new ForwardingFileOps(PosixFileOps.INSTANCE) { }))) {
            appendSegments(wal, written, 0, 8);
            wal.flush();
            final long truncateAt = wal.durableLsn() - 2 * SEGMENT;
            final Set<Object> removedInodes = inodes(segmentFiles().stream()
                .filter(p -> SegmentDescriptor.parseFileName(p.getFileName().toString()) + SEGMENT <= truncateAt).toList());
            assertTrue(wal.truncateBefore(truncateAt) >= 4);
            firstKept = wal.firstLsn();
            // the preparer may already be recycling a spare: count the removed files still on disk under any name
            final Set<Object> kept = inodes(allFiles());
            kept.retainAll(removedInodes);
            assertEquals(2, kept.size(), "two spares kept, the other truncated segments deleted");
            appendSegments(wal, written, 1_000_000, 4);
            wal.flush();
            assertEquals(List.of(), spares(), "the spares were used for new segments");
            final Set<Object> segmentInodes = inodes(segmentFiles());
            assertTrue(segmentInodes.containsAll(kept), "new segments are the spare files: " + segmentInodes + " " + kept);
            assertEquals(expectedFrom(written, firstKept), readKeys(wal.reader(firstKept)));
        }
        try (Wal wal = Wal.open(config(PosixFileOps.INSTANCE))) {
            assertTrue(wal.recoveryReport().clean(), wal.recoveryReport().toString());
            assertEquals(expectedFrom(written, firstKept), readKeys(wal.reader(firstKept)),
                "exactly the records written since the first segment kept: none of the spares' old records");
        }
    }

    @Test
    void shouldRecoverEveryDurableRecordWhenARecycleFailsPartway() throws IOException {
        final AtomicInteger reuses = new AtomicInteger();
        final ForwardingFileOps failing = new ForwardingFileOps(PosixFileOps.INSTANCE) {
            @Override
            public void reuse(final Path file, final long size) throws IOException {
                if (reuses.getAndIncrement() == 0) {
                    throw new IOException("injected EIO while zeroing a recycled segment: file=" + file);
                }
                super.reuse(file, size);
            }
        };
        final List<long[]> durable = new ArrayList<>();
        try (Wal wal = Wal.open(config(failing))) {
            appendSegments(wal, durable, 0, 6);
            wal.flush();
            wal.truncateBefore(wal.durableLsn() - 2 * SEGMENT);
            appendSegments(wal, durable, 1_000_000, 4);
            wal.flush();
            assertTrue(reuses.get() >= 2, "the failed recycle was retried: " + reuses.get());
        }
        try (Wal wal = Wal.open(config(PosixFileOps.INSTANCE)); Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "a half-recycled file never survives recovery");
            final List<Long> read = readKeys(wal.reader(wal.firstLsn()));
            assertEquals(expectedFrom(durable, wal.firstLsn()), read, "every durable record since the first segment kept");
        }
    }

    private WalConfig config(final dev.mmwal.io.FileOps ops) {
        return WalConfig.builder(dir).segmentSize(SEGMENT).recycleSegments(2).fileOps(ops).build();
    }

    /** Appends about {@code segments} segments of records; adds {lsn, key} of each to {@code written}. */
    private static void appendSegments(final Wal wal, final List<long[]> written, final long firstKey, final int segments) {
        final long until = wal.tailLsn() + segments * SEGMENT;
        for (long key = firstKey; wal.tailLsn() < until; key++) {
            written.add(new long[] {wal.append(Payloads.bytes(key, PAYLOAD)), key});
        }
    }

    private static List<Long> expectedFrom(final List<long[]> written, final long fromLsn) {
        return written.stream().filter(w -> w[0] >= fromLsn).map(w -> w[1]).toList();
    }

    private static List<Long> readKeys(final WalReader reader) {
        final List<Long> keys = new ArrayList<>();
        final LogRecord record = new LogRecord();
        while (reader.next(record)) {
            final long key = Payloads.keyOf(record.buffer(), record.payloadOffset());
            assertTrue(Payloads.matches(record.buffer(), record.payloadOffset(), record.payloadLength(), key), "payload of lsn " + record.lsn());
            keys.add(key);
        }
        return keys;
    }

    private List<Path> spares() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX + ".spare")).sorted().toList();
        }
    }

    private static Set<Object> inodes(final List<Path> files) throws IOException {
        final Set<Object> inodes = new HashSet<>();
        for (final Path file : files) {
            inodes.add(Files.getAttribute(file, "unix:ino"));
        }
        return inodes;
    }

    private List<Path> allFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> SegmentDescriptor.parseFileName(p.getFileName().toString()) >= 0).sorted().toList();
        }
    }
}

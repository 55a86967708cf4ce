package dev.mmwal.stress.corruption;

import dev.mmwal.RecoveryMode;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalCorruptionException;
import dev.mmwal.format.Checksums;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.stress.oracle.LogCheck;
import dev.mmwal.stress.oracle.ScratchDirs;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stale data (records of an older generation left in reused or preallocated space, segment files
 * that do not belong) and damage to records known durable.
 */
class StaleAndDurableDamageTest {
    @TempDir
    static Path tmp;
    static SeedLog seed;
    static CaseRunner runner;

    @BeforeAll
    static void seedLog() {
        seed = SeedLog.standard();
        runner = new CaseRunner(seed, ScratchDirs.create(tmp, "stale"));
    }

    /** Copies record {@code source} to {@code lsn} in {@code image}, rewriting its LSN and CRC: valid at its new place. */
    private static void plantValidRecordAt(final TreeMap<String, byte[]> image, final SeedLog.Entry source, final long lsn) {
        final byte[] from = seed.fileOf(image, source.lsn());
        final byte[] to = image.get(SeedLog.fileName(lsn & -SeedLog.SEGMENT_SIZE));
        final int length = RecordDescriptor.alignedLength(source.frameLength());
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment record = arena.allocate(length, 8);
            MemorySegment.copy(from, (int)(source.lsn() & (SeedLog.SEGMENT_SIZE - 1)), record, ValueLayout.JAVA_BYTE, 0, length);
            RecordDescriptor.lsn(record, 0, lsn);
            RecordDescriptor.crc(record, 0, Checksums.recordCrc(record, 0, source.type(), source.frameLength()));
            MemorySegment.copy(record, ValueLayout.JAVA_BYTE, 0, to, (int)(lsn & (SeedLog.SEGMENT_SIZE - 1)), length);
        }
    }

    private static SeedLog.Entry smallUserRecord() {
        return seed.entries.stream().filter(e -> e.user() >= 0 && e.frameLength() < 200).findFirst().orElseThrow();
    }

    @Test
    void shouldNeitherReturnNorKeepValidLookingRecordsAfterTheEnd() throws IOException {
        final Corpus corpus = new Corpus(seed, runner, "stale valid-looking records after the end (gap, next segment)");
        final long gapAfterEnd = seed.endLsn + 64;
        final long nextSegment = seed.lastRecordSegmentBase() + SeedLog.SEGMENT_SIZE + SegmentDescriptor.HEADER_LENGTH;
        for (final long at : new long[] {gapAfterEnd, gapAfterEnd + 4096, nextSegment, nextSegment + 512}) {
            final TreeMap<String, byte[]> image = seed.copy();
            plantValidRecordAt(image, smallUserRecord(), at);
            corpus.run("stale record at " + at, image);
            final byte[] after = Files.readAllBytes(runner.scratch().resolve(SeedLog.fileName(at & -SeedLog.SEGMENT_SIZE)));
            final int offset = (int)(at & (SeedLog.SEGMENT_SIZE - 1));
            assertTrue(isZero(after, offset, offset + RecordDescriptor.HEADER_LENGTH),
                "D2 violated: recovery left a valid-looking stale record after the end: lsn=" + at);
        }
        corpus.finish();
    }

    private static boolean isZero(final byte[] bytes, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldRefuseSegmentFilesThatDoNotBelong() {
        final Corpus corpus = new Corpus(seed, runner, "stale, misplaced or missing segment files");
        final List<String> names = new ArrayList<>(seed.files.keySet());
        // an older segment's file under a later name (its header names another base LSN)
        final TreeMap<String, byte[]> renamed = seed.copy();
        renamed.put(names.getLast(), seed.files.get(names.get(1)).clone());
        corpus.run("segment 1's file as the last segment", renamed);
        // a segment missing from the middle
        final TreeMap<String, byte[]> missing = seed.copy();
        missing.remove(names.get(1));
        corpus.run("segment 1 missing", missing);
        // a segment file of a log with other segment sizes
        final TreeMap<String, byte[]> bigger = seed.copy();
        bigger.put(names.getLast(), Arrays.copyOf(seed.files.get(names.getLast()), (int)(2 * SeedLog.SEGMENT_SIZE)));
        corpus.run("last segment twice as long", bigger);
        corpus.finish();
    }

    /**
     * A crash leaves unacknowledged records B1..B4 after the durable A1..A5; B1 is torn. Recovery
     * cuts at B1 and must also wipe B2..B4: the next generation writes C1 exactly where B1 was,
     * after which B2 sits where the next record goes, with an LSN that matches its position and a
     * valid CRC. A second crash and recovery must give A1..A5, C1 and nothing of B.
     */
    @Test
    void shouldNotResurrectRecordsCutByAnEarlierRecovery() throws IOException {
        final Path live = ScratchDirs.create(tmp, "generation");
        final Path crash1 = ScratchDirs.create(tmp, "generation-crash1");
        final Path crash2 = ScratchDirs.create(tmp, "generation-crash2");
        final WalConfig liveConfig = WalConfig.builder(live).segmentSize(SeedLog.SEGMENT_SIZE).maxUnsyncedNanos(0).build();
        final List<LogCheck.Ack> acks = new ArrayList<>();
        long b1;
        try (Wal wal = Wal.open(liveConfig)) {
            for (int i = 1; i <= 5; i++) {
                final long lsn = wal.appendAndCommit(Payloads.bytes(i, 100));
                acks.add(new LogCheck.Ack(lsn, i, 100));
            }
            b1 = wal.append(Payloads.bytes(101, 200));
            for (int i = 102; i <= 104; i++) {
                wal.append(Payloads.bytes(i, 100 + i));
            }
            copySegments(live, crash1);
        }
        try (FileChannel channel = FileChannel.open(crash1.resolve(SeedLog.fileName(0)), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8), b1);
        }
        final WalConfig config1 = WalConfig.builder(crash1).segmentSize(SeedLog.SEGMENT_SIZE).build();
        try (Wal wal = Wal.open(config1)) {
            assertEquals(b1, wal.recoveryReport().endLsn(), "recovery cut at the torn B1");
            final long c1 = wal.appendAndCommit(Payloads.bytes(201, 200));
            assertEquals(b1, c1, "C1 takes B1's place");
            acks.add(new LogCheck.Ack(c1, 201, 200));
            copySegments(crash1, crash2);
        }
        final LogCheck.Snapshot recovered = LogCheck.recoverAndCheck(WalConfig.builder(crash2).segmentSize(SeedLog.SEGMENT_SIZE).build());
        LogCheck.checkAcknowledged(recovered, acks);
        assertEquals(6, recovered.records().size(), "D2 violated: records of the cut generation came back: " + recovered.records());
    }

    private static void copySegments(final Path from, final Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (final Path file : files.filter(f -> f.toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).toList()) {
                Files.write(to.resolve(file.getFileName()), Files.readAllBytes(file));
            }
        }
    }

    /**
     * Core bug 3, fixed on main: a sealed segment is durable by definition, yet recovery does not
     * scan it and a reader took a zero frame length there for "not yet published": a zeroed sector
     * in an old segment made the log open clean and every reader stop early, silently. Readers now
     * refuse an unwritten record below the durable LSN.
     */
    @Test
    void shouldReportAZeroedRecordInASealedSegment() {
        final SeedLog.Entry victim = seed.entries.stream()
            .filter(e -> e.lsn() < SeedLog.SEGMENT_SIZE && e.lsn() > 4096 && e.user() >= 0).findFirst().orElseThrow();
        final TreeMap<String, byte[]> image = seed.copy();
        Arrays.fill(seed.fileOf(image, victim.lsn()), (int)victim.lsn(), (int)victim.lsn() + 8, (byte)0);
        final Outcome outcome = runner.run(image, RecoveryMode.TOLERATE_TORN_TAIL);
        assertTrue(outcome.kind() == Outcome.Kind.OPEN_FAILS_CORRUPTION || outcome.kind() == Outcome.Kind.OPEN_READ_CORRUPTION,
            "a zeroed durable record went unreported: " + outcome);
    }

    /**
     * The durable watermark (on main since the merge): the flusher records the durable LSN in a
     * segment header at most every 100 ms. A record below it that is damaged is corruption, and
     * the default mode must refuse to open rather than cut the log there.
     */
    @Test
    void shouldRefuseDamageBelowTheRecordedDurableWatermark() throws IOException {
        final Path dir = ScratchDirs.create(tmp, "watermark");
        final WalConfig config = WalConfig.builder(dir).segmentSize(1 << 20).build();
        final long first;
        try (Wal wal = Wal.open(config)) {
            first = wal.appendAndCommit(Payloads.bytes(1, 100));
            for (int i = 2; i <= 5; i++) {
                wal.appendAndCommit(Payloads.bytes(i, 100));
            }
        }
        flipLsnBit(dir.resolve(SeedLog.fileName(0)), first);
        assertThrows(WalCorruptionException.class, () -> Wal.open(config).close());
    }

    private static void flipLsnBit(final Path file, final long lsn) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[(int)lsn + RecordDescriptor.LSN_OFFSET] ^= 1;
        Files.write(file, bytes);
    }

    /**
     * Core bug 4, fixed on main (close records the durable watermark): every record of the seed
     * log's first phase was acknowledged (the log was closed), so a damaged record in the unsealed
     * tail segment is damage inside the durable prefix, which D3 says must refuse to open under the
     * default mode. Before the fix the watermark was refreshed at most every 100 ms and never at
     * close, so such damage cut the log there, dropping every later acknowledged record.
     */
    @Test
    void shouldRefuseDamageToDurableRecordsOfTheActiveSegment() {
        final SeedLog.Entry victim = seed.entries.stream()
            .filter(e -> (e.lsn() & -SeedLog.SEGMENT_SIZE) == seed.lastRecordSegmentBase() && e.type() != RecordType.PADDING
                && e.lsn() < seed.watermark)
            .findFirst().orElseThrow();
        final TreeMap<String, byte[]> image = seed.copy();
        seed.fileOf(image, victim.lsn())[(int)(victim.lsn() & (SeedLog.SEGMENT_SIZE - 1)) + RecordDescriptor.LSN_OFFSET] ^= 1;
        final Outcome outcome = runner.run(image, RecoveryMode.TOLERATE_TORN_TAIL);
        assertEquals(Outcome.Kind.OPEN_FAILS_CORRUPTION, outcome.kind(), "damage to acknowledged records was cut off: " + outcome);
    }
}

package dev.mmwal.inspect;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectedLogTest {
    private static final long SEGMENT = WalConfig.MIN_SEGMENT_SIZE;

    @TempDir
    Path dir;

    /** Appends {@code count} records of 100..299 bytes, each awaited durable; returns LSN to payload. */
    private Map<Long, byte[]> write(final int count) {
        final Map<Long, byte[]> written = new TreeMap<>();
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            for (int i = 0; i < count; i++) {
                final byte[] payload = new byte[100 + i % 200];
                Arrays.fill(payload, (byte)i);
                written.put(wal.append(payload), payload);
            }
            wal.awaitDurable(((TreeMap<Long, byte[]>)written).lastKey());
        }
        return written;
    }

    /** Walks the whole log; returns valid non-padding LSNs and the damage. */
    private static WalkResult walk(final InspectedLog log, final List<Long> lsns, final List<Damage> damage) {
        return new LogWalker(log, WalkOptions.ALL, new WalkListener() {
            @Override
            public boolean onRecord(final RecordView record) {
                if (!record.isPadding()) {
                    lsns.add(record.lsn());
                }
                return true;
            }

            @Override
            public void onDamage(final Damage found) {
                damage.add(found);
            }
        }).walk();
    }

    private static void edit(final Path file, final long offset, final byte value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE); Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena);
            memory.set(ValueLayout.JAVA_BYTE, offset, value);
            memory.force();
        }
    }

    @Test
    void shouldShowEverySegmentAndRecordWhenLogIsIntact() {
        final Map<Long, byte[]> written = write(600);
        try (InspectedLog log = InspectedLog.open(dir)) {
            assertEquals(SEGMENT, log.segmentSize());
            assertTrue(log.segments().size() >= 3, "the log spans several segments");
            final SegmentView first = log.segments().getFirst();
            assertEquals(SegmentDescriptor.fileName(0), first.fileName());
            assertTrue(first.headerValid() && first.sealed());
            assertEquals(SegmentDescriptor.FORMAT_VERSION, first.formatVersion());
            assertEquals(SEGMENT, first.sealedEndLsn());
            assertEquals(SegmentDescriptor.COPY_LENGTH, first.header().byteSize());
            assertTrue(log.durableLsn() >= SEGMENT);

            final List<Long> lsns = new ArrayList<>();
            final List<Damage> damage = new ArrayList<>();
            final WalkResult result = walk(log, lsns, damage);
            assertEquals(List.of(), damage);
            assertEquals(new ArrayList<>(written.keySet()), lsns);
            assertTrue(result.damageMap().isEmpty());
            assertEquals(WalkResult.Stop.END, result.stop());
        }
    }

    @Test
    void shouldHandRecordFieldsAndPayloadInPlace() {
        final long lsn;
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            lsn = wal.append((byte)(RecordType.APPLICATION_FIRST + 1), 7, 0, 3, (byte)5, 16, 4, MemorySegment.ofArray("oldvnew-value".getBytes()), 0, 13);
            wal.awaitDurable(lsn);
        }
        try (InspectedLog log = InspectedLog.open(dir)) {
            final RecordView[] seen = new RecordView[1];
            new LogWalker(log, WalkOptions.ALL, new WalkListener() {
                @Override
                public boolean onRecord(final RecordView record) {
                    assertEquals(lsn, record.lsn());
                    assertEquals("APP(0x41)", record.typeName());
                    assertEquals(7, record.txnId());
                    assertEquals(3, record.pageId());
                    assertEquals(5, record.flags());
                    assertEquals(16, record.pageOffset());
                    assertEquals(4, record.beforeLength());
                    assertEquals(RecordDescriptor.HEADER_LENGTH + 13, record.frameLength());
                    assertArrayEquals("oldvnew-value".getBytes(), record.payloadBytes());
                    assertEquals(SegmentDescriptor.HEADER_LENGTH, record.offset());
                    seen[0] = record;
                    return false;
                }

                @Override
                public void onDamage(final Damage damage) {
                    throw new AssertionError(damage.toString());
                }
            }).walk();
            assertTrue(seen[0] != null);
        }
    }

    @Test
    void shouldMapDurableDamageAsErrorRangeUpToTheNextValidRecord() throws Exception {
        final Map<Long, byte[]> written = write(600);
        final List<Long> lsns = new ArrayList<>(written.keySet());
        final long victim = lsns.stream().filter(l -> l > SEGMENT + 4096).findFirst().orElseThrow();
        final long next = lsns.get(lsns.indexOf(victim) + 1);
        edit(dir.resolve(SegmentDescriptor.fileName(SEGMENT)), victim - SEGMENT + RecordDescriptor.HEADER_LENGTH + 3, (byte)0x7f);

        try (InspectedLog log = InspectedLog.open(dir)) {
            final List<Long> seen = new ArrayList<>();
            final List<Damage> damage = new ArrayList<>();
            final WalkResult result = walk(log, seen, damage);
            assertEquals(1, damage.size(), damage::toString);
            assertEquals(Severity.ERROR, damage.getFirst().severity());
            assertEquals(victim, damage.getFirst().lsn());
            assertTrue(damage.getFirst().message().startsWith("CRC mismatch: stored=0x"), damage::toString);
            assertEquals(List.of(new DamageMap.Range(victim, next, Severity.ERROR, damage.getFirst().message().substring(0,
                damage.getFirst().message().indexOf(" [")))), result.damageMap().ranges());
            assertTrue(result.damageMap().contains(victim + 8) && !result.damageMap().contains(next));
            assertEquals(next - victim, result.damageMap().durableBytesDamaged());
            assertEquals(lsns.size() - 1, seen.size());
            assertEquals(victim, result.endLsn());
        }
    }

    @Test
    void shouldValidateByTheLibrarysRuleAndExplainWithValues() throws Exception {
        final Map<Long, byte[]> written = write(10);
        final long lsn = written.keySet().iterator().next();
        try (InspectedLog log = InspectedLog.open(dir)) {
            final SegmentView segment = log.segmentAt(lsn);
            final int frameLength = RecordValidation.check(segment, lsn);
            assertEquals(RecordDescriptor.HEADER_LENGTH + written.get(lsn).length, frameLength);
            assertTrue(RecordValidation.isValid(frameLength));
            final long end = ((TreeMap<Long, byte[]>)written).lastKey() + 4096;
            assertEquals(RecordValidation.NOT_WRITTEN, RecordValidation.check(segment, end));
            assertEquals("not written (frame length 0)", RecordValidation.describe(RecordValidation.NOT_WRITTEN));
            assertThrows(IllegalArgumentException.class, () -> RecordValidation.check(segment, SEGMENT - 8));
        }
        edit(dir.resolve(SegmentDescriptor.fileName(0)), lsn + RecordDescriptor.LSN_OFFSET, (byte)0x01);
        try (InspectedLog log = InspectedLog.open(dir)) {
            final SegmentView segment = log.segmentAt(lsn);
            final int code = RecordValidation.check(segment, lsn);
            assertEquals(RecordValidation.BAD_LSN, code);
            assertEquals("lsn is not the record's position: found=" + ((lsn & ~0xffL) | 1) + ", expected=" + lsn,
                RecordValidation.explain(segment, lsn, code));
        }
    }

    @Test
    void shouldMapTornTailAsWarningToTheEndOfTheLog() throws Exception {
        final Map<Long, byte[]> written = write(20);
        final long last = ((TreeMap<Long, byte[]>)written).lastKey();
        final Path file = dir.resolve(SegmentDescriptor.fileName(0));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE); Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena);
            SegmentDescriptor.overwriteWatermark(memory, 0, SegmentDescriptor.HEADER_LENGTH);
            SegmentDescriptor.overwriteWatermark(memory, SegmentDescriptor.COPY_LENGTH, SegmentDescriptor.HEADER_LENGTH);
            memory.set(ValueLayout.JAVA_BYTE, last + RecordDescriptor.HEADER_LENGTH, (byte)0x55);
            memory.force();
        }
        try (InspectedLog log = InspectedLog.open(dir)) {
            final List<Damage> damage = new ArrayList<>();
            final WalkResult result = walk(log, new ArrayList<>(), damage);
            assertEquals(1, damage.size(), damage::toString);
            assertEquals(Severity.WARNING, damage.getFirst().severity());
            final DamageMap.Range range = result.damageMap().ranges().getFirst();
            assertEquals(last, range.fromLsn());
            assertEquals(log.segments().getLast().endLsn(), range.toLsn());
            assertEquals(Severity.WARNING, range.severity());
            assertEquals(0, result.damageMap().durableBytesDamaged());
        }
    }

    @Test
    void shouldReportNonRegularFileNamedLikeSegmentAsDamageAndOpenTheRest() throws Exception {
        write(10);
        Files.createDirectory(dir.resolve(SegmentDescriptor.fileName(8 * SEGMENT)));
        try (InspectedLog log = InspectedLog.open(dir)) {
            assertTrue(log.segments().stream().noneMatch(s -> s.baseLsn() == 8 * SEGMENT));
            final Damage damage = log.damage().getFirst();
            assertEquals(Severity.ERROR, damage.severity());
            assertEquals(SegmentDescriptor.fileName(8 * SEGMENT), damage.file());
            assertTrue(damage.message().startsWith("segment name on something that is not a regular file: kind=directory"), damage::toString);
        }
    }

    @Test
    void shouldRefuseWithReasonWhenThereIsNoLog() throws Exception {
        assertEquals(InspectException.Reason.NO_DIRECTORY,
            assertThrows(InspectException.class, () -> InspectedLog.open(dir.resolve("missing"))).reason());
        assertEquals(InspectException.Reason.NOT_A_LOG, assertThrows(InspectException.class, () -> InspectedLog.open(dir)).reason());
        assertFalse(InspectedLog.holdsSegmentFiles(dir));
        Files.createDirectory(dir.resolve(SegmentDescriptor.fileName(0)));
        assertTrue(InspectedLog.holdsSegmentFiles(dir));
        final InspectException onlyDirectory = assertThrows(InspectException.class, () -> InspectedLog.open(dir));
        assertEquals(InspectException.Reason.NOT_A_LOG, onlyDirectory.reason());
        assertTrue(onlyDirectory.getMessage().contains("not a regular file"), onlyDirectory::getMessage);
    }

    @Test
    void shouldNeverWriteTheFiles() throws Exception {
        write(600);
        final Map<Path, byte[]> before = new TreeMap<>();
        final Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.filter(Files::isRegularFile).toList()) {
                before.put(file, Files.readAllBytes(file));
                times.put(file, Files.getLastModifiedTime(file));
            }
        }
        try (InspectedLog log = InspectedLog.open(dir)) {
            walk(log, new ArrayList<>(), new ArrayList<>());
            assertTrue(log.segments().stream().allMatch(s -> s.memory().isReadOnly() && s.header().isReadOnly()));
            assertNull(log.segmentAt(100 * SEGMENT));
        }
        for (final Map.Entry<Path, byte[]> file : before.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(file.getKey()), file.getKey()::toString);
            assertEquals(times.get(file.getKey()), Files.getLastModifiedTime(file.getKey()));
        }
    }
}

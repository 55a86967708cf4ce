package dev.mmwal.stress.corruption;

import dev.mmwal.RecoveryMode;
import dev.mmwal.format.Checksums;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.stress.oracle.ScratchDirs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deterministic corruption corpus over one seed log (fixed seed; four 64 KiB segments: two
 * sealed, the unsealed tail, the prepared next one). Each case writes a damaged image, opens it
 * with the real {@code Wal} and reads everything; the {@link DamageModel} says which outcomes
 * the contract allows and exactly which records each must return. Never allowed: any exception
 * but {@code WalCorruptionException}, a record that was not written, a hang (each test has a
 * timeout), or a JVM fault (it would kill the test JVM).
 */
@Timeout(600)
class CorruptionCorpusTest {
    static final long SEED = 0x5EED_C0DEL;

    @TempDir
    static Path tmp;
    static SeedLog seed;
    static CaseRunner runner;

    @BeforeAll
    static void buildSeedLog() {
        seed = SeedLog.standard();
        runner = new CaseRunner(seed, ScratchDirs.create(tmp, "corpus"));
        assertTrue(seed.sealed.get(0L) && seed.sealed.get(SeedLog.SEGMENT_SIZE), "the first two segments are sealed");
        assertTrue(!seed.sealed.get(seed.lastRecordSegmentBase()), "the tail segment is not sealed");
    }

    private static Corpus corpus(final String family) {
        return new Corpus(seed, runner, family);
    }

    private static long base(final long lsn) {
        return lsn & -SeedLog.SEGMENT_SIZE;
    }

    /** Zeroes {@code [offset, end of file)} of the file holding {@code lsn}. */
    private static TreeMap<String, byte[]> cutAt(final long lsn) {
        final TreeMap<String, byte[]> image = seed.copy();
        final byte[] file = seed.fileOf(image, lsn);
        Arrays.fill(file, (int)(lsn - base(lsn)), file.length, (byte)0);
        return image;
    }

    @Test
    void shouldKeepThePrefixWhenTheTailIsCutAtEveryByteOfTheLastRecords() {
        final List<SeedLog.Entry> entries = seed.entries;
        int first = entries.size() - 1;
        while (first > 0 && seed.endLsn - entries.get(first - 1).lsn() <= 1024) {
            first--;
        }
        final Corpus corpus = corpus("cut at every byte of the last " + (entries.size() - first) + " records");
        final long from = entries.get(first).lsn();
        for (long lsn = from; lsn <= seed.endLsn; lsn++) {
            corpus.run("cut@" + lsn, cutAt(lsn));
        }
        corpus.finish();
    }

    @Test
    void shouldEndInPrefixOrRefuseWhenTheLogIsCutAtEvery512ByteBoundary() {
        final Corpus corpus = corpus("cut at every 512 B boundary, later segments removed");
        for (final String name : seed.files.keySet()) {
            final long base = SegmentDescriptor.parseFileName(name);
            for (long offset = 0; offset < SeedLog.SEGMENT_SIZE; offset += 512) {
                final TreeMap<String, byte[]> image = cutAt(base + offset);
                image.tailMap(name, false).clear();
                corpus.run("cut@" + (base + offset), image);
            }
        }
        corpus.finish();
    }

    @Test
    void shouldRefuseWhenASegmentFileIsShort() {
        final Corpus corpus = corpus("segment file truncated at every 4 KiB boundary");
        for (final String name : seed.files.keySet()) {
            for (int length = 0; length < SeedLog.SEGMENT_SIZE; length += 4096) {
                final TreeMap<String, byte[]> image = seed.copy();
                image.put(name, Arrays.copyOf(image.get(name), length));
                corpus.run(name + "@" + length, image);
            }
        }
        corpus.finish();
    }

    /** First and last record of each segment, the aborted-claim padding records, and a few more. */
    static List<SeedLog.Entry> sample() {
        final Set<SeedLog.Entry> sample = new LinkedHashSet<>();
        SeedLog.Entry previous = null;
        int paddings = 0;
        for (final SeedLog.Entry entry : seed.entries) {
            if (previous == null || base(previous.lsn()) != base(entry.lsn())) {
                sample.add(entry);
                if (previous != null) {
                    sample.add(previous);
                }
            }
            if (entry.type() == RecordType.PADDING && entry.checkedEnd() < base(entry.lsn()) + SeedLog.SEGMENT_SIZE - 4096 && paddings++ < 2) {
                sample.add(entry);
            }
            previous = entry;
        }
        sample.add(seed.entries.getLast());
        final Random random = new Random(SEED);
        final List<SeedLog.Entry> tail = seed.entries.stream().filter(e -> base(e.lsn()) == seed.lastRecordSegmentBase()).toList();
        for (int i = 0; i < 3; i++) {
            sample.add(tail.get(random.nextInt(tail.size())));
        }
        return new ArrayList<>(sample);
    }

    private static TreeMap<String, byte[]> flip(final long lsn, final int bit) {
        final TreeMap<String, byte[]> image = seed.copy();
        final byte[] file = seed.fileOf(image, lsn);
        final int at = (int)(lsn - base(lsn)) + bit / 8;
        file[at] ^= (byte)(1 << (bit % 8));
        return image;
    }

    @Test
    void shouldDetectEverySingleBitFlipOfEveryRecordHeaderField() {
        final Corpus corpus = corpus("single-bit flips of every record header field (sampled records)");
        for (final SeedLog.Entry entry : sample()) {
            for (int bit = 0; bit < RecordDescriptor.HEADER_LENGTH * 8; bit++) {
                corpus.run("flip " + entry + " bit " + bit, flip(entry.lsn(), bit));
            }
        }
        corpus.finish();
    }

    @Test
    void shouldTrustTheOtherCopyWhenFlippingEverySingleBitOfEverySegmentHeaderCopy() {
        final Corpus corpus = corpus("single-bit flips of every segment header field, in either copy (every segment)");
        for (final String name : seed.files.keySet()) {
            final long base = SegmentDescriptor.parseFileName(name);
            for (int bit = 0; bit < SegmentDescriptor.HEADER_LENGTH * 8; bit++) {
                corpus.run("flip " + name + " bit " + bit, flip(base, bit));
            }
        }
        corpus.finish();
    }

    @Test
    void shouldRefuseWhenTheSameBitFlipsInBothSegmentHeaderCopies() {
        final Corpus corpus = corpus("the same bit flipped in both segment header copies (every segment)");
        for (final String name : seed.files.keySet()) {
            final long base = SegmentDescriptor.parseFileName(name);
            for (int bit = 0; bit < SegmentDescriptor.COPY_LENGTH * 8; bit++) {
                final TreeMap<String, byte[]> image = flip(base, bit);
                final byte[] file = image.get(name);
                file[SegmentDescriptor.COPY_LENGTH + bit / 8] ^= (byte)(1 << (bit % 8));
                corpus.run("flip " + name + " bit " + bit + " in both copies", image);
            }
        }
        corpus.finish();
    }

    @Test
    void shouldDetectZeroedSectorsAndPages() {
        final Corpus corpus = corpus("zeroed 512 B sectors and 4 KiB pages (every one)");
        for (final String name : seed.files.keySet()) {
            for (final int unit : new int[] {512, 4096}) {
                for (int offset = 0; offset < SeedLog.SEGMENT_SIZE; offset += unit) {
                    final TreeMap<String, byte[]> image = seed.copy();
                    Arrays.fill(image.get(name), offset, offset + unit, (byte)0);
                    corpus.run(name + " zero " + unit + "@" + offset, image);
                }
            }
        }
        corpus.finish();
    }

    @Test
    void shouldRejectBadLengthsTypesLsnsAndBeforeImages() {
        // Format 3: the core owns only its own type codes and gives beforeLength no meaning, so a
        // CRC-valid record with another layer's code or any beforeLength is a valid record (the
        // layer that owns the type validates its fields); what is still damage is tried here.
        final Corpus corpus = corpus("frame length 0/negative/huge/past the end; bad LSN; type 0 or a core code no version defines (CRC fixed up)");
        for (final SeedLog.Entry entry : sample()) {
            final long toEnd = base(entry.lsn()) + SeedLog.SEGMENT_SIZE - entry.lsn();
            for (final long length : new long[] {0, -1, -48, Integer.MIN_VALUE, 1, 47, Integer.MAX_VALUE, SeedLog.SEGMENT_SIZE,
                toEnd + 1, toEnd + 8, 1L << 20}) {
                corpus.run("frameLength=" + length + " " + entry, withHeader(entry, h -> RecordDescriptor.frameLength(h, 0, (int)length), false));
            }
            for (final long lsn : new long[] {entry.lsn() + 8, entry.lsn() - 8, 0, -1, entry.lsn() + SeedLog.SEGMENT_SIZE, entry.lsn() ^ (1L << 40)}) {
                corpus.run("lsn=" + lsn + " " + entry, withHeader(entry, h -> RecordDescriptor.lsn(h, 0, lsn), true));
            }
            for (final byte type : new byte[] {0, 11, 15}) {
                corpus.run("type=" + type + " " + entry, withHeader(entry, h -> RecordDescriptor.type(h, 0, type), true));
            }
        }
        corpus.finish();
    }

    /**
     * Applies {@code change} to a copy of the record (header and frame in native memory, aligned as
     * in a segment); with {@code fixCrc}, recomputes the CRC so only the structural checks can
     * catch it.
     */
    private static TreeMap<String, byte[]> withHeader(final SeedLog.Entry entry, final Consumer<MemorySegment> change,
                                                      final boolean fixCrc) {
        final TreeMap<String, byte[]> image = seed.copy();
        final byte[] file = seed.fileOf(image, entry.lsn());
        final int at = (int)(entry.lsn() - base(entry.lsn()));
        final int span = Math.min(file.length - at, RecordDescriptor.alignedLength(entry.frameLength()));
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment record = arena.allocate(span, 8);
            MemorySegment.copy(file, at, record, ValueLayout.JAVA_BYTE, 0, span);
            change.accept(record);
            if (fixCrc) {
                RecordDescriptor.crc(record, 0, Checksums.recordCrc(record, 0, entry.type(), entry.frameLength()));
            }
            MemorySegment.copy(record, ValueLayout.JAVA_BYTE, 0, file, at, span);
        }
        return image;
    }

    @ParameterizedTest
    @EnumSource(value = RecoveryMode.class, names = "TOLERATE_TORN_TAIL", mode = EnumSource.Mode.EXCLUDE)
    void shouldHonourEachRecoveryModeOnHeaderFlipsAndZeroedSectors(final RecoveryMode mode) {
        final Corpus corpus = corpus("mode " + mode + ": header bit flips of 4 records, every zeroed sector of the tail segment");
        final List<SeedLog.Entry> sample = sample();
        for (final SeedLog.Entry entry : sample.subList(sample.size() - 4, sample.size())) {
            for (int bit = 0; bit < RecordDescriptor.HEADER_LENGTH * 8; bit++) {
                corpus.run("flip " + entry + " bit " + bit, flip(entry.lsn(), bit), mode);
            }
        }
        final String tail = SeedLog.fileName(seed.lastRecordSegmentBase());
        for (int offset = 0; offset < SeedLog.SEGMENT_SIZE; offset += 512) {
            final TreeMap<String, byte[]> image = seed.copy();
            Arrays.fill(image.get(tail), offset, offset + 512, (byte)0);
            corpus.run(tail + " zero 512@" + offset, image, mode);
        }
        corpus.finish();
    }
}

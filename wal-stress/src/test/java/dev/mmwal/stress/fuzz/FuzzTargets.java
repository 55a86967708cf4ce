package dev.mmwal.stress.fuzz;

import dev.mmwal.LogRecord;
import dev.mmwal.RecoveryMode;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalConfigException;
import dev.mmwal.WalCorruptionException;
import dev.mmwal.WalException;
import dev.mmwal.WalReader;
import dev.mmwal.format.Checksums;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.RecordValidator;
import dev.mmwal.internal.segment.Segment;
import dev.mmwal.stress.oracle.ScratchDirs;
import dev.mmwal.testing.Payloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fuzz harnesses, shared by the Jazzer targets ({@link WalFuzzTest}) and the seeded
 * random-mutation driver ({@link RandomMutationFuzzTest}). Each takes raw bytes, may fix up CRCs
 * after mutating (a flag in the input) so inputs get past the checksum to the structural checks,
 * and throws only {@link AssertionError} when an invariant breaks; any other exception escaping
 * is a finding too.
 */
public final class FuzzTargets {
    static final long SEGMENT_SIZE = 64 << 10;
    private static final int RECORD_AT = 64;

    private FuzzTargets() {
    }

    // ------------------------------------------------------------------ record decoder

    /**
     * Input: a flags byte (bit 0: recompute the CRC; bit 1: set the LSN field to the record's
     * position), then the record's bytes. Checks {@link RecordValidator#check} never throws and that
     * whatever it accepts is a well-formed record.
     */
    public static void decodeRecord(final byte[] input) {
        if (input.length < 1) {
            return;
        }
        final int flags = input[0];
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = arena.allocate(8192, 4096);
            final int length = Math.min(input.length - 1, (int)memory.byteSize() - RECORD_AT);
            MemorySegment.copy(input, 1, memory, ValueLayout.JAVA_BYTE, RECORD_AT, length);
            if ((flags & 2) != 0) {
                RecordDescriptor.lsn(memory, RECORD_AT, RECORD_AT);
            }
            if ((flags & 1) != 0) {
                fixRecordCrc(memory, RECORD_AT);
            }
            final int code = RecordValidator.check(memory, RECORD_AT, RECORD_AT);
            if (RecordValidator.describe(code) == null) {
                throw new AssertionError("no description for code " + code);
            }
            if (code > 0) {
                checkAccepted(memory, RECORD_AT, RECORD_AT, code);
            }
        }
    }

    /** Recomputes the CRC of the record at {@code offset} when its length and type let one be computed. */
    static boolean fixRecordCrc(final MemorySegment memory, final long offset) {
        final int frameLength = RecordDescriptor.frameLength(memory, offset);
        final byte type = RecordDescriptor.type(memory, offset);
        if (frameLength < RecordDescriptor.HEADER_LENGTH || frameLength > memory.byteSize() - offset) {
            return false;
        }
        RecordDescriptor.crc(memory, offset, Checksums.recordCrc(memory, offset, type, frameLength));
        return true;
    }

    private static void checkAccepted(final MemorySegment memory, final long offset, final long lsn, final int code) {
        final int frameLength = RecordDescriptor.frameLength(memory, offset);
        final byte type = RecordDescriptor.type(memory, offset);
        if (code != frameLength || frameLength < RecordDescriptor.HEADER_LENGTH || frameLength > memory.byteSize() - offset) {
            throw new AssertionError("accepted a record with a bad length: code=" + code + ", frameLength=" + frameLength);
        }
        if (RecordDescriptor.lsn(memory, offset) != lsn || !RecordType.isValid(type)) {
            throw new AssertionError("accepted a record with a bad LSN or type: type=" + type);
        }
        if (Checksums.recordCrc(memory, offset, type, frameLength) != RecordDescriptor.crc(memory, offset)) {
            throw new AssertionError("accepted a record whose CRC does not match");
        }
        memory.asSlice(offset + RecordDescriptor.HEADER_LENGTH, frameLength - RecordDescriptor.HEADER_LENGTH).toArray(ValueLayout.JAVA_BYTE);
    }

    // ------------------------------------------------------------------ segment header parser

    /**
     * Input: a flags byte (bit 0: recompute the header CRC), then header bytes; a file name is
     * also parsed from the input. {@link Segment#checkHeader} must accept a valid header of this
     * log or throw {@link WalCorruptionException}; nothing else.
     */
    public static void parseSegmentHeader(final byte[] input) {
        if (input.length < 1) {
            return;
        }
        SegmentDescriptor.parseFileName(new String(input, 1, Math.min(input.length - 1, 24), StandardCharsets.ISO_8859_1));
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment header = arena.allocate(4096, 4096);
            MemorySegment.copy(input, 1, header, ValueLayout.JAVA_BYTE, 0, Math.min(input.length - 1, 4096));
            if ((input[0] & 1) != 0) {
                fixHeaderCrcs(header);
            }
            final long baseLsn = SEGMENT_SIZE * ((input[0] >>> 1) & 3);
            try {
                Segment.checkHeader(header, Path.of(SegmentDescriptor.fileName(baseLsn)), baseLsn, SEGMENT_SIZE);
            } catch (final WalCorruptionException refused) {
                return;
            }
            final MemorySegment trusted = SegmentDescriptor.current(header);
            if (trusted == null || SegmentDescriptor.magic(trusted) != SegmentDescriptor.MAGIC || SegmentDescriptor.baseLsn(trusted) != baseLsn
                || SegmentDescriptor.segmentSize(trusted) != SEGMENT_SIZE || SegmentDescriptor.version(trusted) > SegmentDescriptor.FORMAT_VERSION
                || SegmentDescriptor.version(trusted) < SegmentDescriptor.OLDEST_READABLE_VERSION
                || SegmentDescriptor.headerLength(trusted) != SegmentDescriptor.HEADER_LENGTH
                || SegmentDescriptor.crc(trusted) != SegmentDescriptor.computeCrc(trusted)) {
                throw new AssertionError("accepted a segment header that is not this log's");
            }
        }
    }

    // ------------------------------------------------------------------ open and recover

    private static Map<String, byte[]> base;
    private static Path scratch;

    /** A small log: a sealed segment, an unsealed one with records, the prepared next one. */
    static synchronized Map<String, byte[]> baseLog() {
        if (base == null) {
            final Path dir = ScratchDirs.create(Path.of(System.getProperty("java.io.tmpdir")), "fuzz-base");
            try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build())) {
                for (int i = 0; wal.tailLsn() < SEGMENT_SIZE + 6_000; i++) {
                    wal.appendAndCommit(Payloads.bytes(i, 8 + (i * 37) % 900));
                }
            }
            base = readDir(dir);
            scratch = ScratchDirs.create(Path.of(System.getProperty("java.io.tmpdir")), "fuzz-case");
        }
        return base;
    }

    /**
     * Input: a header byte (bits 0-1: recovery mode; bit 2: fix up every CRC after editing), then
     * edits of {@code [file u8][offset u16 LE][length u8][bytes]}. The edited log is opened and read
     * in full: only {@link WalCorruptionException} may come out, every record read must be valid and
     * in LSN order, and a second open must give the same log (D5).
     */
    public static void openAndRecover(final byte[] input) {
        if (input.length < 1) {
            return;
        }
        final TreeMap<String, byte[]> image = new TreeMap<>();
        baseLog().forEach((name, bytes) -> image.put(name, bytes.clone()));
        final List<String> names = new ArrayList<>(image.keySet());
        int at = 1;
        while (at + 4 <= input.length) {
            final byte[] file = image.get(names.get((input[at] & 0xFF) % names.size()));
            final int offset = (input[at + 1] & 0xFF | (input[at + 2] & 0xFF) << 8) % file.length;
            final int length = Math.min(input[at + 3] & 0xFF, input.length - at - 4);
            for (int i = 0; i < length && offset + i < file.length; i++) {
                file[offset + i] = input[at + 4 + i];
            }
            at += 4 + length;
        }
        if ((input[0] & 4) != 0) {
            image.values().forEach(FuzzTargets::fixAllCrcs);
        }
        final RecoveryMode mode = RecoveryMode.values()[input[0] & 3];
        final List<Long> first = openAndRead(image, mode);
        if (first != null) {
            final List<Long> second = openAndRead(null, mode);
            if (second != null && !first.equals(second)) {
                throw new AssertionError("D5 violated: a second recovery read a different log: first=" + first.size()
                    + " records, second=" + second.size());
            }
        }
    }

    /** Recomputes the CRC of both segment header copies at the start of {@code memory}. */
    private static void fixHeaderCrcs(final MemorySegment memory) {
        for (long copy = 0; copy < SegmentDescriptor.HEADER_LENGTH; copy += SegmentDescriptor.COPY_LENGTH) {
            memory.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), copy + SegmentDescriptor.CRC_OFFSET,
                SegmentDescriptor.computeCrc(memory, copy));
        }
    }

    /** Fixes both segment header copies' CRCs and the CRC of every record on the chain from the first record. */
    static void fixAllCrcs(final byte[] file) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = arena.allocate(file.length, 4096);
            MemorySegment.copy(file, 0, memory, ValueLayout.JAVA_BYTE, 0, file.length);
            fixHeaderCrcs(memory);
            long offset = SegmentDescriptor.HEADER_LENGTH;
            while (memory.byteSize() - offset >= RecordDescriptor.HEADER_LENGTH && fixRecordCrc(memory, offset)) {
                offset += RecordDescriptor.alignedLength(RecordDescriptor.frameLength(memory, offset));
            }
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, 0, file, 0, file.length);
        }
    }

    /** LSNs read, or null when open or read refused with a typed exception. Writes {@code image} first unless null. */
    private static List<Long> openAndRead(final Map<String, byte[]> image, final RecoveryMode mode) {
        if (image != null) {
            writeDir(image, scratch);
        }
        final Wal wal;
        try {
            wal = Wal.open(WalConfig.builder(scratch).segmentSize(SEGMENT_SIZE).recoveryMode(mode).build());
        } catch (final WalCorruptionException | WalConfigException refused) {
            // damage, or a CRC-valid header whose recorded segment size conflicts with the configured one
            return null;
        } catch (final WalException refused) {
            // a CRC-valid header of a format version this software does not read: refused, not corruption
            if (refused.getMessage().startsWith("log format version is not supported")) {
                return null;
            }
            throw refused;
        }
        try {
            final List<Long> lsns = new ArrayList<>();
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            while (reader.next(record)) {
                if (!lsns.isEmpty() && record.lsn() <= lsns.getLast()) {
                    throw new AssertionError("reader went backwards: " + record);
                }
                final int code = RecordValidator.check(record.buffer(), record.payloadOffset() - RecordDescriptor.HEADER_LENGTH, record.lsn());
                if (code != record.frameLength()) {
                    throw new AssertionError("reader returned a record the validator rejects: " + record);
                }
                lsns.add(record.lsn());
            }
            return lsns;
        } catch (final WalCorruptionException refused) {
            return null;
        } finally {
            wal.close();
        }
    }

    static Map<String, byte[]> readDir(final Path dir) {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (final Path file : list.filter(f -> f.toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    private static void writeDir(final Map<String, byte[]> image, final Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            for (final Path file : list.toList()) {
                if (!image.containsKey(file.getFileName().toString())) {
                    Files.delete(file);
                }
            }
            for (final Map.Entry<String, byte[]> file : image.entrySet()) {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

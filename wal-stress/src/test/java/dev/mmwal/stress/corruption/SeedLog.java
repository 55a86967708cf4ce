package dev.mmwal.stress.corruption;

import dev.mmwal.AppendClaim;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.RecordValidator;
import dev.mmwal.stress.oracle.ScratchDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A log written by the real {@link Wal} to corrupt: records of many sizes (0 B to 20 KB) and
 * every type, every header field set (full-form appends), aborted claims (padding), segment-end
 * padding, over several 64 KiB segments of which all but the last are sealed. Holds the pristine
 * files in memory and the list of every record (user and padding) found by a raw scan.
 */
final class SeedLog {
    static final long SEGMENT_SIZE = 64 << 10;

    /** One record in the log. {@code user} indexes {@link #users}; -1 for padding. */
    record Entry(long lsn, int frameLength, byte type, int user) {
        /** The bytes the record's CRC or checks cover: the whole frame, or a padding record's header. */
        long checkedEnd() {
            return lsn + (type == RecordType.PADDING ? RecordDescriptor.HEADER_LENGTH : frameLength);
        }

        long segmentBase() {
            return lsn & -SEGMENT_SIZE;
        }
    }

    /** A user record as written: every header field and the payload. */
    record UserRecord(long lsn, byte type, long txnId, long prevLsn, long pageId, byte flags, int pageOffset,
                      int beforeLength, byte[] payload) {
    }

    final TreeMap<String, byte[]> files;
    final List<Entry> entries;
    final List<UserRecord> users;
    final Map<Long, Boolean> sealed;
    final long endLsn;
    /** The durable point the headers record (watermark or seal): damage below it is corruption. */
    final long watermark;

    private SeedLog(final TreeMap<String, byte[]> files, final List<Entry> entries, final List<UserRecord> users,
                    final Map<Long, Boolean> sealed, final long endLsn) {
        this.files = files;
        this.entries = entries;
        this.users = users;
        this.sealed = sealed;
        this.endLsn = endLsn;
        this.watermark = DamageModel.recordedDurableLsn(files);
    }

    private static SeedLog standard;

    /** The corpus's seed log (fixed seed, about three segments), built once per JVM. */
    static synchronized SeedLog standard() {
        if (standard == null) {
            standard = build(ScratchDirs.create(Path.of(System.getProperty("java.io.tmpdir")), "seed"), 0x5EED_C0DEL,
                3 * SEGMENT_SIZE - 24_000);
        }
        return standard;
    }

    static WalConfig config(final Path dir) {
        return WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build();
    }

    static String fileName(final long baseLsn) {
        return SegmentDescriptor.fileName(baseLsn);
    }

    /**
     * Writes about {@code bytes} of log into {@code dir}, all of it acknowledged (a clean close,
     * which records the durable watermark), then reopens it and appends a fixed tail of small
     * records, one of them an aborted claim, that are published but never synced; the image is the
     * files as a crash at that moment leaves them. So the log holds both damage cases recovery
     * tells apart: below the watermark (acknowledged) and above it (a torn tail).
     */
    static SeedLog build(final Path dir, final long seed, final long bytes) {
        final Random random = new Random(seed);
        final Map<Long, UserRecord> written = new HashMap<>();
        try (Wal wal = Wal.open(config(dir)); Arena arena = Arena.ofConfined()) {
            final AppendClaim claim = new AppendClaim();
            final MemorySegment buffer = arena.allocate(32 << 10);
            while (wal.tailLsn() < bytes) {
                appendRandom(wal, claim, buffer, length(random), random, written, true);
            }
        }
        final Path crashed = dir.resolveSibling(dir.getFileName() + "-crashed");
        final WalConfig unsynced = WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).maxUnsyncedNanos(0).build();
        try (Wal wal = Wal.open(unsynced); Arena arena = Arena.ofConfined()) {
            final AppendClaim claim = new AppendClaim();
            final MemorySegment buffer = arena.allocate(32 << 10);
            for (final int length : new int[] {0, 1, 7, 8, 9, 57, 100}) {
                appendRandom(wal, claim, buffer, length, random, written, false);
            }
            awaitNextSegmentPrepared(dir, wal.tailLsn());
            copySegmentFiles(dir, crashed);
        }
        return capture(crashed, written);
    }

    /** The image always holds the prepared segment after the tail's (the preparer makes it in the background). */
    private static void awaitNextSegmentPrepared(final Path dir, final long tail) {
        final Path next = dir.resolve(fileName(Lsns.segmentBase(tail, SEGMENT_SIZE) + SEGMENT_SIZE));
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(next)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the next segment was never prepared: file=" + next);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** One record of random type and header fields, or (one time in twelve) an aborted claim; sometimes committed when {@code mayCommit}. */
    private static void appendRandom(final Wal wal, final AppendClaim claim, final MemorySegment buffer, final int length,
                                     final Random random, final Map<Long, UserRecord> written, final boolean mayCommit) {
        if (random.nextInt(12) == 0) {
            if (wal.tryClaim(length, claim) >= 0) {
                claim.buffer().asSlice(claim.payloadOffset(), length).fill((byte)0x6B);
                claim.abort();
            }
            return;
        }
        final byte[] payload = new byte[length];
        random.nextBytes(payload);
        MemorySegment.copy(payload, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        // every kind of code an application may write: DATA, the transaction and application ranges
        final byte type = random.nextInt(4) == 0 ? RecordType.DATA : (byte)(RecordType.TXN_FIRST + random.nextInt(256 - RecordType.TXN_FIRST));
        final long txnId = random.nextLong();
        final long prevLsn = random.nextInt(4) == 0 ? 0 : random.nextLong() & Long.MAX_VALUE;
        final long pageId = random.nextLong();
        final byte flags = (byte)random.nextInt(256);
        final int pageOffset = random.nextInt(1 << 16);
        final int beforeLength = length == 0 ? 0 : random.nextInt(length + 1);
        final long lsn = wal.append(type, txnId, prevLsn, pageId, flags, pageOffset, beforeLength, buffer, 0, length);
        written.put(lsn, new UserRecord(lsn, type, txnId, prevLsn, pageId, flags, pageOffset, beforeLength, payload));
        if (random.nextInt(10) == 0 && mayCommit) {
            wal.awaitDurable(lsn);
        }
    }

    private static void copySegmentFiles(final Path from, final Path to) {
        try (Stream<Path> list = Files.list(from)) {
            Files.createDirectories(to);
            for (final Path file : list.filter(f -> f.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).toList()) {
                Files.write(to.resolve(file.getFileName()), Files.readAllBytes(file));
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int length(final Random random) {
        final int pick = random.nextInt(100);
        if (pick < 10) {
            return random.nextInt(9);
        }
        if (pick < 80) {
            return 9 + random.nextInt(300);
        }
        if (pick < 97) {
            return 300 + random.nextInt(3_000);
        }
        return 5_000 + random.nextInt(15_000);
    }

    private static SeedLog capture(final Path dir, final Map<Long, UserRecord> written) {
        final TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (final Path file : list.filter(f -> f.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX)).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        final List<Entry> entries = new ArrayList<>();
        final List<UserRecord> users = new ArrayList<>();
        final Map<Long, Boolean> sealed = new HashMap<>();
        long end = SegmentDescriptor.HEADER_LENGTH;
        try (Arena arena = Arena.ofConfined()) {
            for (final Map.Entry<String, byte[]> file : files.entrySet()) {
                final long base = SegmentDescriptor.parseFileName(file.getKey());
                final MemorySegment memory = arena.allocate(SEGMENT_SIZE, 4096);
                MemorySegment.copy(file.getValue(), 0, memory, ValueLayout.JAVA_BYTE, 0, file.getValue().length);
                sealed.put(base, SegmentDescriptor.isSealedNow(memory));
                long offset = SegmentDescriptor.HEADER_LENGTH;
                while (SEGMENT_SIZE - offset >= RecordDescriptor.HEADER_LENGTH) {
                    final int length = RecordValidator.check(memory, offset, base + offset);
                    if (length <= 0) {
                        break;
                    }
                    final byte type = RecordDescriptor.type(memory, offset);
                    int user = -1;
                    if (type != RecordType.PADDING) {
                        final UserRecord record = written.get(base + offset);
                        if (record == null) {
                            throw new IllegalStateException("seed log holds a record it did not write: lsn=" + (base + offset));
                        }
                        user = users.size();
                        users.add(record);
                    }
                    entries.add(new Entry(base + offset, length, type, user));
                    offset += RecordDescriptor.alignedLength(length);
                    end = base + offset;
                }
            }
        }
        if (users.size() != written.size()) {
            throw new IllegalStateException("seed log scan missed records: written=" + written.size() + ", found=" + users.size());
        }
        return new SeedLog(files, Collections.unmodifiableList(entries), Collections.unmodifiableList(users), sealed, end);
    }

    /** A fresh, mutable copy of the files. */
    TreeMap<String, byte[]> copy() {
        final TreeMap<String, byte[]> copy = new TreeMap<>();
        for (final Map.Entry<String, byte[]> file : files.entrySet()) {
            copy.put(file.getKey(), file.getValue().clone());
        }
        return copy;
    }

    byte[] fileOf(final Map<String, byte[]> image, final long lsn) {
        return image.get(fileName(lsn & -SEGMENT_SIZE));
    }

    /** Index of the last segment holding records (the next, prepared one is empty). */
    long lastRecordSegmentBase() {
        return Lsns.segmentBase(entries.getLast().lsn(), SEGMENT_SIZE);
    }
}

package dev.mmwal.cli;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.cli.demo.DemoRecordType;
import dev.mmwal.format.RecordType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds real logs for the CLI tests, and damages them deterministically. */
public final class TestLogs {
    /** Small segments, so a few hundred records span several of them (the earlier ones sealed). */
    public static final long SEGMENT = 64L << 10;

    /** One record as written. */
    public record Written(long lsn, byte type, long txnId, long prevLsn, long pageId, int pageOffset, int beforeLength, byte[] payload) {
    }

    private TestLogs() {
    }

    public static WalConfig config(final Path dir) {
        return WalConfig.builder(dir).segmentSize(SEGMENT).build();
    }

    /**
     * Writes {@code transactions} rounds of: a DATA record, then BEGIN, two UPDATEs and a COMMIT
     * chained by prevLsn, each COMMIT awaited. Closes the log. Returns the records in LSN order.
     */
    public static List<Written> write(final Path dir, final int transactions) {
        try (Wal wal = Wal.open(config(dir))) {
            return append(wal, transactions, 1);
        }
    }

    /** Appends rounds to an open log; transaction ids start at {@code firstTxn}. */
    public static List<Written> append(final Wal wal, final int transactions, final long firstTxn) {
        final List<Written> written = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(firstTxn);
        for (int i = 0; i < transactions; i++) {
            final long txn = firstTxn + i;
            add(wal, written, random, RecordType.DATA, 0, 0, 0, 0);
            long prev = add(wal, written, random, DemoRecordType.BEGIN, txn, 0, 0, 0);
            prev = add(wal, written, random, DemoRecordType.UPDATE, txn, prev, 1 + random.nextInt(100), 16);
            prev = add(wal, written, random, DemoRecordType.UPDATE, txn, prev, 1 + random.nextInt(100), 32);
            wal.awaitDurable(add(wal, written, random, DemoRecordType.COMMIT, txn, prev, 0, 0));
        }
        return written;
    }

    private static long add(final Wal wal, final List<Written> written, final SplittableRandom random, final byte type, final long txn,
                            final long prev, final long page, final int before) {
        final byte[] payload = new byte[type == DemoRecordType.UPDATE ? 100 + random.nextInt(300) : 24];
        random.nextBytes(payload);
        final int offset = page == 0 ? 0 : random.nextInt(4000);
        final long lsn = wal.append(type, txn, prev, page, (byte)0, offset, before, MemorySegment.ofArray(payload), 0, payload.length);
        written.add(new Written(lsn, type, txn, prev, page, offset, before, payload));
        return lsn;
    }

    public static Path segmentFile(final Path dir, final long lsn) {
        return dir.resolve(SegmentDescriptor.fileName(lsn & -SEGMENT));
    }

    public static long offsetOf(final long lsn) {
        return lsn & (SEGMENT - 1);
    }

    /** Flips every bit of one byte. */
    public static void flipByte(final Path file, final long offset) throws IOException {
        edit(file, memory -> memory.set(ValueLayout.JAVA_BYTE, offset, (byte)~memory.get(ValueLayout.JAVA_BYTE, offset)));
    }

    public static void zero(final Path file, final long offset, final long length) throws IOException {
        edit(file, memory -> memory.asSlice(offset, length).fill((byte)0));
    }

    /** Rewrites the durable watermark a writer records in both segment header copies (with valid CRCs). */
    public static void setDurableWatermark(final Path file, final long lsn) throws IOException {
        edit(file, memory -> {
            SegmentDescriptor.overwriteWatermark(memory, 0, lsn);
            SegmentDescriptor.overwriteWatermark(memory, SegmentDescriptor.COPY_LENGTH, lsn);
        });
    }

    /** Clears the sealed flag (with a valid header CRC), as if the flusher had not sealed the segment yet. */
    public static void unseal(final Path file) throws IOException {
        edit(file, memory -> {
            final ValueLayout.OfInt field = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            for (long copy = 0; copy < SegmentDescriptor.HEADER_LENGTH; copy += SegmentDescriptor.COPY_LENGTH) {
                memory.set(field, copy + SegmentDescriptor.FLAGS_OFFSET, 0);
                memory.set(field, copy + SegmentDescriptor.CRC_OFFSET, SegmentDescriptor.computeCrc(memory, copy));
            }
        });
    }

    private interface Edit {
        void apply(MemorySegment memory);
    }

    private static void edit(final Path file, final Edit edit) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE); Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena);
            edit.apply(memory);
            memory.force();
        }
    }
}

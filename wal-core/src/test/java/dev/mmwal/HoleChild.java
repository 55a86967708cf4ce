package dev.mmwal;

import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.testing.Payloads;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child JVM for {@link UnpublishedReservationTest}: for each case, in its own log, appends records
 * up to a chosen position, reserves a claim there that it never commits (the hole), appends more
 * records after it, then halts the JVM with every log still open. Prints {@code P case lsn key
 * length} once each append has returned (published), {@code H case lsn} for each hole, then
 * {@code DONE}.
 */
public final class HoleChild {
    static final long SEGMENT = 64 << 10;
    private static final int FILLER_CHUNK = 8192;
    private static final int[] AFTER = {10, 300, 40, 5000, 20, 700};

    private HoleChild() {
    }

    /** The hole cases: {start, payload length} of each hole, first and (when not -1) second. */
    static long[][] cases() {
        final int max = Lsns.maxPayloadLength(SEGMENT);
        return new long[][] {
            {128 + 64, 0}, {128 + 64, 8}, {128 + 64, 100}, {128 + 64, 1000},
            {SEGMENT - aligned(0), 0}, {SEGMENT - aligned(100), 100}, {SEGMENT - aligned(4000), 4000},
            {SEGMENT - aligned(100) - 8, 100}, {SEGMENT - aligned(100) - 40, 100}, {SEGMENT - aligned(100) - 48, 100},
            {SEGMENT - aligned(0) - 200, 0},
            {SEGMENT + 128, 0}, {SEGMENT + 128, 100}, {SEGMENT + 128, max},
            {SEGMENT - aligned(500) - 1000, 500},
        };
    }

    static int aligned(final int payload) {
        return RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + payload);
    }

    public static void main(final String[] args) throws Exception {
        final Path base = Path.of(args[0]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        final long[][] cases = cases();
        for (int c = 0; c < cases.length; c++) {
            final Wal wal = Wal.open(WalConfig.builder(base.resolve("case-" + c)).segmentSize(SEGMENT).build());
            final long key = (long)c << 32;
            print(out, c, wal.appendAndCommit(Payloads.bytes(key, 10)), key, 10);
            fillTo(wal, out, c, key + 1, Math.min(cases[c][0], SEGMENT));
            final AppendClaim claim = new AppendClaim();
            long hole;
            while ((hole = wal.tryClaim((int)cases[c][1], claim)) == Wal.BACK_PRESSURED) {
                Thread.onSpinWait();
            }
            if (hole != cases[c][0]) {
                throw new IllegalStateException("hole not where planned: case=" + c + ", planned=" + cases[c][0] + ", got=" + hole);
            }
            out.println("H " + c + " " + hole);
            for (int i = 0; i < AFTER.length; i++) {
                final long k = key + 1000 + i;
                print(out, c, wal.append(Payloads.bytes(k, AFTER[i])), k, AFTER[i]);
            }
        }
        out.println("DONE");
        out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Appends filler records until the tail is {@code target} (a record start in the tail's segment, or its end). */
    private static void fillTo(final Wal wal, final PrintStream out, final int c, final long firstKey, final long target) {
        long key = firstKey;
        long gap;
        while ((gap = target - wal.tailLsn()) > 0) {
            long chunk = Math.min(gap, FILLER_CHUNK);
            if (gap - chunk > 0 && gap - chunk < RecordDescriptor.HEADER_LENGTH) {
                chunk -= RecordDescriptor.HEADER_LENGTH;
            }
            final int payload = (int)chunk - RecordDescriptor.HEADER_LENGTH;
            print(out, c, wal.append(Payloads.bytes(key, payload)), key, payload);
            key++;
        }
    }

    private static void print(final PrintStream out, final int c, final long lsn, final long key, final int length) {
        out.println("P " + c + " " + lsn + " " + (length >= Long.BYTES ? key : -1) + " " + length);
    }
}

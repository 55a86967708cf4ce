package dev.mmwal;

import dev.mmwal.testing.ChildJvm;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A published record survives a process crash even when a reservation below it was never
 * published (issue 10's lost-record bug): a child JVM leaves a claim uncommitted, appends after
 * it and halts; every record whose append returned must be read back after recovery, the hole
 * becomes padding. Holes of several sizes, mid-segment, ending at or just before a segment end, at
 * a segment's first record and filling a whole segment ({@link HoleChild#cases()}).
 */
class UnpublishedReservationTest {
    @TempDir
    Path dir;

    private record Published(long lsn, long key, int length) {
    }

    @Test
    void shouldKeepEveryPublishedRecordAfterAnUnpublishedReservationWhenTheProcessCrashes() throws Exception {
        final long[][] cases = HoleChild.cases();
        final List<List<Published>> published = runChild(cases.length);
        for (int c = 0; c < cases.length; c++) {
            try (Wal wal = Wal.open(config(dir.resolve("case-" + c)))) {
                assertEquals(published.get(c), readAll(wal), "case " + c + " hole at " + cases[c][0] + " of " + cases[c][1] + " B");
                assertEquals(1, wal.recoveryReport().bridged().size(), "case " + c + ": " + wal.recoveryReport());
                assertEquals(cases[c][0], wal.recoveryReport().bridged().getFirst().from(), "case " + c);
                assertEquals(wal.recoveryReport().endLsn(), wal.tailLsn(), "case " + c);
                assertEquals(wal.recoveryReport().endLsn(), wal.durableLsn(), "case " + c);
            }
            try (Wal wal = Wal.open(config(dir.resolve("case-" + c)))) {
                assertEquals(published.get(c), readAll(wal), "case " + c + ": a second recovery keeps the same log");
                assertTrue(wal.recoveryReport().clean(), "case " + c + ": " + wal.recoveryReport());
            }
        }
    }

    /**
     * A copy of the crashed log is another page-cache epoch (as after a power loss or a remount):
     * a 0 frame length may then be a published record whose page was lost, so the log ends there
     * as a prefix, and nothing after the hole is kept.
     */
    @Test
    void shouldEndTheLogAtTheHoleWhenTheCacheEpochChanged() throws Exception {
        final long[][] cases = HoleChild.cases();
        final List<List<Published>> published = runChild(cases.length);
        for (int c : new int[] {0, 5, 12}) {
            final Path copy = dir.resolve("copy-" + c);
            copyTree(dir.resolve("case-" + c), copy);
            try (Wal wal = Wal.open(config(copy))) {
                final long hole = cases[c][0];
                final List<Published> prefix = published.get(c).stream().filter(p -> p.lsn < hole).toList();
                assertEquals(prefix, readAll(wal), "case " + c);
                assertTrue(wal.recoveryReport().bridged().isEmpty(), "case " + c + ": " + wal.recoveryReport());
                assertFalse(wal.recoveryReport().truncated().isEmpty(), "case " + c + ": " + wal.recoveryReport());
            }
        }
    }

    private List<List<Published>> runChild(final int caseCount) throws IOException, InterruptedException {
        final Process child = ChildJvm.start(HoleChild.class, dir, dir.toString());
        final List<List<Published>> published = new ArrayList<>();
        for (int c = 0; c < caseCount; c++) {
            published.add(new ArrayList<>());
        }
        boolean done = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                final String[] f = line.split(" ");
                if (f[0].equals("P")) {
                    published.get(Integer.parseInt(f[1])).add(new Published(Long.parseLong(f[2]), Long.parseLong(f[3]), Integer.parseInt(f[4])));
                }
                done |= f[0].equals("DONE");
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not exit");
        assertTrue(done, "child did not finish its cases");
        return published;
    }

    private static List<Published> readAll(final Wal wal) {
        final List<Published> read = new ArrayList<>();
        final WalReader reader = wal.reader(0);
        final LogRecord record = new LogRecord();
        while (reader.next(record)) {
            final long key = record.payloadLength() >= Long.BYTES ? Payloads.keyOf(record.buffer(), record.payloadOffset()) : -1;
            if (key >= 0) {
                assertArrayEquals(Payloads.bytes(key, record.payloadLength()), record.payloadBytes(), "payload of lsn " + record.lsn());
            }
            read.add(new Published(record.lsn(), key, record.payloadLength()));
        }
        return read;
    }

    private static WalConfig config(final Path path) {
        return WalConfig.builder(path).segmentSize(HoleChild.SEGMENT).build();
    }

    private static void copyTree(final Path from, final Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (final Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}

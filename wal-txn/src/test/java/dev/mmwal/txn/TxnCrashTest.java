package dev.mmwal.txn;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.testing.ChildJvm;
import dev.mmwal.txn.testing.FilePageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.Timeout;

/**
 * Randomized model-based crash test: a child JVM ({@link TxnCrashChild}) recovers, prints every
 * page, then runs random transactions from several threads (commits, aborts, write-backs under
 * the WAL rule, automatic checkpoints and truncation) until SIGKILLed at a random moment, early
 * ones landing in its recovery. Each recovery's pages must equal the reference model replayed from
 * exactly the acknowledged commits, plus, per thread, either all or none of the one commit in
 * flight at the kill. {@code -Dtxn.crash.iterations=N} runs N kills (default 3).
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class TxnCrashTest {
    private static final int THREADS = 3;

    @TempDir
    Path dir;

    private final byte[][] model = new byte[TxnCrashChild.PAGES][FilePageStore.PAGE_SIZE];
    private final Map<Integer, Map<Integer, byte[]>> pending = new HashMap<>();
    private int verifications;
    private int acks;

    @Test
    void shouldRecoverExactlyTheAcknowledgedCommitsWhenChildIsKilled() throws Exception {
        final long seed = Long.getLong("txn.crash.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final int iterations = Integer.getInteger("txn.crash.iterations", 3);
        for (int iteration = 0; iteration < iterations; iteration++) {
            runChild(random, seed, iteration);
        }
        verifyInProcess(seed);
        assertTrue(acks > iterations, "children acknowledged commits: acks=" + acks + ", seed=" + seed);
        System.out.println("txn crash test: seed=" + seed + ", kills=" + iterations + ", verified recoveries=" + verifications + ", acks=" + acks);
    }

    private void runChild(final SplittableRandom random, final long seed, final int iteration) throws Exception {
        final Path output = dir.resolve("child-" + iteration + ".out");
        final Process child = ChildJvm.start(TxnCrashChild.class, dir, log().toString(), Integer.toString(THREADS),
            Long.toString(seed + iteration * 1000L), output.toString());
        final boolean early = random.nextInt(4) == 0;
        waitFor(output, early ? "RECOVERING" : "RECOVERED", seed);
        Thread.sleep(early ? random.nextInt(40) : 200 + random.nextInt(500));
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        final List<String> lines = readLines(output);
        try {
            replay(lines, seed, iteration);
        } catch (final AssertionError failure) {
            keepForDiagnosis();
            throw failure;
        }
    }

    private void replay(final List<String> lines, final long seed, final int iteration) {
        final HexFormat hex = HexFormat.of();
        final byte[][] recovered = new byte[TxnCrashChild.PAGES][];
        for (final String line : lines) {
            final String[] parts = line.split(" ");
            if (parts[0].equals("PAGE") && parts.length == 3 && parts[2].length() == 2 * FilePageStore.PAGE_SIZE) {
                recovered[Integer.parseInt(parts[1])] = hex.parseHex(parts[2]);
                if (Integer.parseInt(parts[1]) == TxnCrashChild.PAGES - 1) {
                    check(recovered, "seed=" + seed + ", iteration=" + iteration);
                }
            } else if (parts[0].equals("PENDING") && parts.length >= 4) {
                final Map<Integer, byte[]> values = new HashMap<>();
                for (int i = 3; i < parts.length; i++) {
                    final String[] kv = parts[i].split("=");
                    values.put(Integer.parseInt(kv[0]), hex.parseHex(kv[1]));
                }
                pending.put(Integer.parseInt(parts[1]), values);
            } else if (parts[0].equals("ACK") && parts.length == 3) {
                final int slot = Integer.parseInt(parts[1]);
                apply(slot, pending.remove(slot));
                acks++;
            }
        }
    }

    /** Every page must equal the model, up to each slot's in-flight commit (all of it or none). */
    private void check(final byte[][] recovered, final String context) {
        for (final var entry : new ArrayList<>(pending.entrySet())) {
            final int slot = entry.getKey();
            boolean all = true;
            for (final var value : entry.getValue().entrySet()) {
                all &= java.util.Arrays.equals(value.getValue(), 0, 16, recovered[value.getKey()], slot * 16, slot * 16 + 16);
            }
            if (all) {
                apply(slot, entry.getValue());
            }
            pending.remove(slot);
        }
        for (int page = 0; page < TxnCrashChild.PAGES; page++) {
            assertArrayEquals(model[page], recovered[page], context + ": page " + page);
        }
        verifications++;
    }

    private void apply(final int slot, final Map<Integer, byte[]> values) {
        if (values != null) {
            values.forEach((page, value) -> System.arraycopy(value, 0, model[page], slot * 16, 16));
        }
    }

    private void verifyInProcess(final long seed) throws Exception {
        try (Wal wal = Wal.open(WalConfig.builder(log()).segmentSize(TxnCrashChild.SEGMENT_SIZE).build());
             TxnLog log = TxnLog.open(wal, TxnConfig.builder().manualCheckpointsOnly().build());
             FilePageStore store = FilePageStore.open(log().resolve("pages.db"), TxnCrashChild.PAGES)) {
            store.attach(log);
            log.recover(store);
            final byte[][] recovered = new byte[TxnCrashChild.PAGES][];
            for (int page = 0; page < TxnCrashChild.PAGES; page++) {
                recovered[page] = store.read(page);
            }
            check(recovered, "seed=" + seed + ", final in-process recovery");
        }
    }

    /**
     * The log directory (segments, control file, page file): a directory of its own, since the
     * children's output files beside it would make {@code Wal.open} refuse it as not a log.
     */
    private Path log() {
        return dir.resolve("log");
    }

    /** Copies the log, the page file and the children's output to target/txn-crash-failure for diagnosis. */
    private void keepForDiagnosis() throws java.io.IOException {
        final Path keep = Path.of("target", "txn-crash-failure");
        java.nio.file.Files.createDirectories(keep);
        for (final Path from : List.of(dir, log())) {
            try (var files = java.nio.file.Files.list(from)) {
                for (final Path file : files.toList()) {
                    if (java.nio.file.Files.isRegularFile(file)) {
                        java.nio.file.Files.copy(file, keep.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static List<String> readLines(final Path output) throws java.io.IOException {
        if (!java.nio.file.Files.exists(output)) {
            return List.of();
        }
        return java.nio.file.Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    private static void waitFor(final Path output, final String prefix, final long seed) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (readLines(output).stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("child never printed " + prefix + ": seed=" + seed);
    }
}

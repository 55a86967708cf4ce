package dev.mmwal.stress.powerloss;

import dev.mmwal.SyncMethod;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WritePath;
import dev.mmwal.commit.GreedyPolicy;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.stress.oracle.StressSettings;
import dev.mmwal.txn.RecoveryStats;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnConfig;
import dev.mmwal.txn.TxnLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * wal-txn under simulated power loss, in-JVM and seeded. One thread drives up to {@link #SLOTS}
 * interleaved transactions (each owns a byte range of every page: the engine's two-phase
 * locking) over a {@link ShadowPageStore} whose page file, like the log and the control file,
 * goes through {@link PowerLossFileOps}: updates, commits, aborts, page write-backs (unsynced
 * until a page-file sync), checkpoints with truncation (in half the scenarios keeping two spare
 * segments the log recycles, {@code WalConfig.recycleSegments}). At seeded crash points, and after a power
 * cut armed at a random sync of a random operation (the failing operation ends the run), disk
 * images are built (synced bytes, plus every page dirtied since kept, dropped or torn at 512 B;
 * unsynced directory changes present or not) and recovered: the pages must equal the reference
 * model replayed from exactly the acknowledged commits (a commit cut part-way: all of it or
 * none). Each image is recovered twice (the second changes nothing), and one in three is also
 * recovered under a second power cut (part-way through wal-core's recovery, redo, undo, the
 * post-recovery checkpoint or write-backs) whose image must recover to the same pages.
 *
 * <p>{@code -Dstress.txnpowerloss.scenarios=N} (default 2 in verify), {@code -Dstress.txnpowerloss.ops=N}
 * operations per scenario (default 600; more makes longer logs, so more truncation and recycling); replay: {@code -Dstress.seed=S}
 * (workload, crash points and image choices; not which background sync the cut lands on).
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class TxnPowerLossTest {
    static final long SEGMENT_SIZE = 64 << 10;
    static final int PAGES = 8;
    static final int SLOTS = 4;
    static final int SLOT_BYTES = ShadowPageStore.PAGE_SIZE / SLOTS;
    private static final int OPS = StressSettings.intProperty("stress.txnpowerloss.ops", 600);
    private static final int IMAGES_PER_CRASH = 2;
    private static final String PAGE_FILE = "pages.db";

    @TempDir
    Path tmp;

    private long operations;
    private long acknowledged;
    private long crashPoints;
    private long powerCuts;
    private long images;
    private long recoveries;
    private long interruptedRecoveries;
    private long losersRolledBack;
    private long inFlightKept;
    private long inFlightDropped;
    private long writeBacks;
    private long pageSyncs;
    private long checkpoints;
    private long segmentsTruncated;
    private long segmentsRecycled;

    /** One change a transaction made, replayed into the model when it commits. */
    private record Write(int page, int offset, byte[] bytes) {
    }

    /** A live transaction and its changes. */
    private record Live(Transaction txn, int slot, List<Write> writes) {
    }

    @Test
    void shouldRecoverExactlyTheAcknowledgedCommitsFromEveryPowerLossImage() throws IOException {
        final long seed = StressSettings.seed("TxnPowerLossTest");
        final int scenarios = StressSettings.intProperty("stress.txnpowerloss.scenarios", 2);
        for (int s = 0; s < scenarios; s++) {
            try {
                new Scenario(s, new Random(seed + s)).run();
            } catch (final AssertionError | RuntimeException ex) {
                throw new AssertionError("txn power-loss scenario failed: seed=" + seed + ", scenario=" + s
                    + " (replay: -Dstress.seed=" + seed + "): " + ex.getMessage(), ex);
            }
            deleteTree(tmp.resolve("s" + s));
        }
        StressSettings.report("txn-power-loss", "seed=" + seed + " scenarios=" + scenarios + " operations=" + operations
            + " acknowledgedCommits=" + acknowledged + " powerCuts=" + powerCuts + " crashPoints=" + crashPoints + " images=" + images
            + " recoveries=" + recoveries + " interruptedRecoveries=" + interruptedRecoveries + " losersRolledBack=" + losersRolledBack
            + " inFlightCommitKept=" + inFlightKept + " inFlightCommitDropped=" + inFlightDropped + " writeBacks=" + writeBacks
            + " pageFileSyncs=" + pageSyncs + " checkpoints=" + checkpoints + " segmentsTruncated=" + segmentsTruncated + " segmentsRecycled=" + segmentsRecycled
            + " mismatches=0");
    }

    /** One seeded run: a live log, its model, and the crash points along the way. */
    private final class Scenario {
        private final int index;
        private final Random random;
        private final Path live;
        private final PowerLossFileOps ops;
        private final byte[][] model = new byte[PAGES][ShadowPageStore.PAGE_SIZE];
        private final Live[] slots = new Live[SLOTS];
        private Live inFlight;
        private TxnLog log;
        private ShadowPageStore store;
        private final int spares;

        Scenario(final int index, final Random random) {
            this.index = index;
            this.random = random;
            this.live = tmp.resolve("s" + index).resolve("live");
            this.ops = new PowerLossFileOps(live);
            this.spares = random.nextBoolean() ? 2 : 0;
        }

        void run() throws IOException {
            final WalConfig config = WalConfig.builder(live)
                .segmentSize(SEGMENT_SIZE)
                .fileOps(ops)
                .maxUnsyncedNanos(0)
                .groupCommitPolicy(() -> GreedyPolicy.INSTANCE)
                .syncMethod(random.nextBoolean() ? SyncMethod.MSYNC : SyncMethod.FDATASYNC)
                .writePath(random.nextInt(3) == 0 ? WritePath.STAGED : WritePath.MAPPED)
                .recycleSegments(spares)
                .build();
            final int cutAt = random.nextInt(3) == 0 ? -1 : random.nextInt(OPS);
            final Wal wal = Wal.open(config);
            try {
                log = TxnLog.open(wal, TxnConfig.builder().manualCheckpointsOnly().build());
                store = ShadowPageStore.open(live.resolve(PAGE_FILE), ops, PAGES);
                store.attach(log);
                log.recover(store);
                for (int op = 0; op < OPS && !ops.powerIsOff(); op++) {
                    if (op == cutAt) {
                        ops.cutPowerAtSync(1 + random.nextInt(4));
                    }
                    step(op);
                }
                if (ops.powerIsOff()) {
                    powerCuts++;
                }
                segmentsRecycled += ops.reuses();
                crashPoint();
            } finally {
                if (store != null) {
                    store.close();
                }
                if (log != null) {
                    log.close();
                }
                closeQuietly(wal);
            }
        }

        /** One random operation; a failure is a finding unless the simulated power is off. */
        private void step(final int op) {
            operations++;
            try {
                final int kind = random.nextInt(100);
                if (kind < 45) {
                    update();
                } else if (kind < 60) {
                    commit();
                } else if (kind < 66) {
                    abort();
                } else if (kind < 82) {
                    store.writeBack(random.nextInt(PAGES));
                    writeBacks++;
                } else if (kind < 90) {
                    store.sync();
                    pageSyncs++;
                } else if (kind < 95) {
                    segmentsTruncated += log.checkpoint().segmentsDeleted();
                    checkpoints++;
                } else if (kind < 98) {
                    crashPoint();
                }
            } catch (final RuntimeException ex) {
                if (!ops.powerIsOff()) {
                    throw new AssertionError("operation failed with the power on: op=" + op + ", cause=" + ex, ex);
                }
            }
        }

        private void update() {
            final int slot = random.nextInt(SLOTS);
            if (slots[slot] == null) {
                slots[slot] = new Live(log.begin(), slot, new ArrayList<>());
            }
            final int page = random.nextInt(PAGES);
            final int length = 1 + random.nextInt(SLOT_BYTES);
            final int offset = slot * SLOT_BYTES + random.nextInt(SLOT_BYTES - length + 1);
            final byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            store.write(slots[slot].txn(), page, offset, bytes);
            slots[slot].writes().add(new Write(page, offset, bytes));
        }

        private void commit() {
            final Live txn = slots[random.nextInt(SLOTS)];
            if (txn == null) {
                return;
            }
            slots[txn.slot()] = null;
            inFlight = txn;
            log.commit(txn.txn());
            inFlight = null;
            apply(model, txn);
            acknowledged++;
        }

        private void abort() {
            final Live txn = slots[random.nextInt(SLOTS)];
            if (txn != null) {
                slots[txn.slot()] = null;
                log.abort(txn.txn());
            }
        }

        /** Images of what a power cut now could leave, each recovered and checked. */
        private void crashPoint() {
            crashPoints++;
            for (int i = 0; i < IMAGES_PER_CRASH; i++) {
                final Path image = tmp.resolve("s" + index).resolve("image-" + crashPoints + "-" + i);
                PowerLossFileOps.write(ops.crashImage(random), image);
                images++;
                checkImage(image);
            }
        }

        private void checkImage(final Path image) {
            final Path spare = image.resolveSibling(image.getFileName() + "-cut");
            final boolean cutRecovery = random.nextInt(3) == 0;
            if (cutRecovery) {
                PowerLossSimulationTest.copyTree(image, spare);
            }
            final byte[][] recovered = recover(image, PosixFileOps.INSTANCE);
            final byte[][] expected = resolveInFlight(recovered, image);
            checkPages(expected, recover(image, PosixFileOps.INSTANCE), "second recovery of " + image);
            if (cutRecovery) {
                checkRecoveryCutByPowerLoss(spare, expected);
            }
        }

        /** The model, plus the commit cut part-way when the image kept it: it must be all or nothing. */
        private byte[][] resolveInFlight(final byte[][] recovered, final Path image) {
            if (inFlight != null) {
                final byte[][] withInFlight = copy(model);
                apply(withInFlight, inFlight);
                if (Arrays.deepEquals(withInFlight, recovered)) {
                    inFlightKept++;
                    return withInFlight;
                }
                inFlightDropped++;
            }
            checkPages(model, recovered, "recovery of " + image + (inFlight == null ? "" : " (in-flight commit neither whole nor absent)"));
            return model;
        }

        /**
         * Recovers a copy of the image under a second simulation whose power goes off at its n-th
         * sync (inside wal-core's recovery, the transaction layer's, its checkpoint, or the
         * write-backs after), then recovers an image of that: the pages must be the same.
         */
        private void checkRecoveryCutByPowerLoss(final Path copy, final byte[][] expected) {
            final PowerLossFileOps cut = new PowerLossFileOps(copy);
            cut.cutPowerAtSync(1 + random.nextInt(8));
            final Map<String, byte[]> image = recoverAndWriteBack(copy, cut);
            if (image == null) {
                return;
            }
            interruptedRecoveries++;
            final Path after = copy.resolveSibling(copy.getFileName() + "-after");
            PowerLossFileOps.write(image, after);
            checkPages(expected, recover(after, PosixFileOps.INSTANCE), "recovery after a power cut during recovery of " + copy);
        }

        /** Recovery, then every page written back and synced, then a checkpoint; the crash image if the power went off. */
        private Map<String, byte[]> recoverAndWriteBack(final Path dir, final PowerLossFileOps cut) {
            Wal wal = null;
            try {
                wal = Wal.open(config(dir, cut, spares));
                recoverWriteBackCheckpoint(wal, dir, cut);
            } catch (final RuntimeException | IOException ex) {
                if (!cut.powerIsOff()) {
                    throw new AssertionError("recovery failed with the power on: dir=" + dir + ", cause=" + ex, ex);
                }
            }
            final Map<String, byte[]> image = cut.powerIsOff() ? cut.crashImage(random) : null;
            closeQuietly(wal);
            return image;
        }

        private void recoverWriteBackCheckpoint(final Wal wal, final Path dir, final FileOps fileOps) throws IOException {
            try (TxnLog txnLog = TxnLog.open(wal, TxnConfig.builder().manualCheckpointsOnly().build());
                 ShadowPageStore pages = ShadowPageStore.open(dir.resolve(PAGE_FILE), fileOps, PAGES)) {
                pages.attach(txnLog);
                txnLog.recover(pages);
                for (int page = 0; page < PAGES; page++) {
                    pages.writeBack(page);
                }
                pages.sync();
                txnLog.checkpoint();
            }
        }

        private byte[][] recover(final Path dir, final FileOps fileOps) {
            recoveries++;
            try (Wal wal = Wal.open(config(dir, fileOps, spares));
                 TxnLog txnLog = TxnLog.open(wal, TxnConfig.builder().manualCheckpointsOnly().build());
                 ShadowPageStore pages = ShadowPageStore.open(dir.resolve(PAGE_FILE), fileOps, PAGES)) {
                pages.attach(txnLog);
                final RecoveryStats stats = txnLog.recover(pages);
                losersRolledBack += stats.losers();
                final byte[][] result = new byte[PAGES][];
                for (int page = 0; page < PAGES; page++) {
                    result[page] = pages.read(page);
                }
                return result;
            } catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static WalConfig config(final Path dir, final FileOps fileOps, final int spares) {
        return WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).fileOps(fileOps).recycleSegments(spares).build();
    }

    private static void apply(final byte[][] pages, final Live txn) {
        for (final Write write : txn.writes()) {
            System.arraycopy(write.bytes(), 0, pages[write.page()], write.offset(), write.bytes().length);
        }
    }

    private static byte[][] copy(final byte[][] pages) {
        final byte[][] copy = new byte[pages.length][];
        for (int i = 0; i < pages.length; i++) {
            copy[i] = pages[i].clone();
        }
        return copy;
    }

    private static void checkPages(final byte[][] expected, final byte[][] recovered, final String where) {
        for (int page = 0; page < expected.length; page++) {
            final int at = Arrays.mismatch(expected[page], recovered[page]);
            if (at >= 0) {
                throw new AssertionError("recovered page differs from the model of the acknowledged commits: " + where
                    + ", page=" + page + ", offset=" + at + ", slot=" + at / SLOT_BYTES + ", expected=" + expected[page][at]
                    + ", found=" + recovered[page][at]);
            }
        }
    }

    private static void closeQuietly(final Wal wal) {
        if (wal != null) {
            try {
                wal.close();
            } catch (final RuntimeException ignored) {
                // the simulated power is off: close cannot make anything durable
            }
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

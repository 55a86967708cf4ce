package dev.mmwal.stress.powerloss;

import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.kv.KvCodec;
import dev.mmwal.kv.KvConfig;
import dev.mmwal.kv.KvEntry;
import dev.mmwal.kv.KvRecovery;
import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.KvTable;
import dev.mmwal.kv.KvTxn;
import dev.mmwal.kv.TornPageProtection;
import dev.mmwal.stress.oracle.StressSettings;
import dev.mmwal.testing.ForwardingFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * wal-kv under simulated power loss, in-JVM and seeded, in both {@link TornPageProtection} modes
 * (even scenarios full-page images, odd ones doublewrite). The store's log <em>and</em> its page
 * file (and doublewrite file) go through {@link PowerLossFileOps} via {@code KvConfig.fileOps}. One
 * thread runs a bank (transfers between {@link #ACCOUNTS} accounts, some refused for insufficient
 * funds, some rolled back after writing) beside one long transaction on a second table (puts and
 * deletes that stay uncommitted across checkpoints, so they are stolen into the page file, then
 * commit or roll back), with manual checkpoints.
 *
 * <p>Crash images (synced bytes, plus every 4 KiB page dirtied since kept, dropped or torn at
 * 512 B; an unsynced growth of a file kept or not; unsynced directory changes present or not) are
 * taken: at seeded quiet points; <em>inside checkpoints</em>, just before the page file's (or the
 * doublewrite file's) sync, when the page writes are in the page cache only, which is what tears
 * pages; and after a power cut armed at a random sync of a random operation (which ends the run).
 * Each image is reopened and must show: every acknowledged commit (a commit cut part-way: all of
 * it or none), no uncommitted change, money conserved and no negative balance. A third of the
 * images are reopened under a second simulation whose power goes off during recovery, and the
 * image of that reopened again; a third are reopened a second time in the other mode. Torn pages
 * found at open and pages repaired from the doublewrite file are counted.
 *
 * <p>Settings: {@code -Dstress.kvpowerloss.scenarios=N} (default 4 in {@code verify}),
 * {@code -Dstress.kvpowerloss.ops=N} operations per scenario (default 150); replay:
 * {@code -Dstress.seed=S} (not which background sync a cut lands on).
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class KvPowerLossTest {
    static final int ACCOUNTS = 64;
    static final long INITIAL = 1_000;
    static final int NOTE_KEYS = 96;
    private static final int OPS = StressSettings.intProperty("stress.kvpowerloss.ops", 150);
    private static final int IMAGES_PER_CRASH = 2;
    private static final Duration SCENARIO_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    private final Map<TornPageProtection, long[]> tornByMode = new TreeMap<>();
    private long operations;
    private long transfers;
    private long refused;
    private long rolledBack;
    private long noteCommits;
    private long crashPoints;
    private long checkpointImages;
    private long powerCuts;
    private long images;
    private long recoveries;
    private long interruptedRecoveries;
    private long losers;
    private long inFlightKept;
    private long inFlightDropped;
    private long checkpoints;
    private long imagesWithTornPages;
    private long tornPages;
    private long doublewriteRepairs;

    /** A transfer whose commit was cut by the power: present whole or absent after recovery. */
    private record Transfer(int from, int to, long amount) {
    }

    @Test
    void shouldKeepEveryAcknowledgedCommitAndConserveMoneyFromEveryPowerLossImage() throws IOException {
        final long seed = StressSettings.seed("KvPowerLossTest");
        final int scenarios = StressSettings.intProperty("stress.kvpowerloss.scenarios", 4);
        for (int s = 0; s < scenarios; s++) {
            final int index = s;
            final TornPageProtection mode = s % 2 == 0 ? TornPageProtection.FULL_PAGE_IMAGES : TornPageProtection.DOUBLEWRITE;
            try {
                assertTimeoutPreemptively(SCENARIO_LIMIT, () -> new Scenario(index, mode, new Random(scenarioSeed(seed, index))).run());
            } catch (final AssertionError | RuntimeException ex) {
                throw new AssertionError("kv power-loss scenario failed: seed=" + seed + ", scenario=" + s + ", mode=" + mode
                    + " (replay: -Dstress.seed=" + seed + "): " + ex.getMessage(), ex);
            }
            deleteTree(tmp.resolve("s" + s));
        }
        final StringBuilder byMode = new StringBuilder();
        tornByMode.forEach((mode, counts) -> byMode.append(' ').append(mode).append("=images:").append(counts[0]).append(",torn:")
            .append(counts[1]).append(",dwRepairs:").append(counts[2]));
        StressSettings.report("kv-power-loss", "seed=" + seed + " scenarios=" + scenarios + " operations=" + operations + " transfers=" + transfers
            + " refused=" + refused + " rolledBack=" + rolledBack + " noteCommits=" + noteCommits + " checkpoints=" + checkpoints
            + " powerCuts=" + powerCuts + " crashPoints=" + crashPoints + " checkpointImages=" + checkpointImages + " images=" + images
            + " recoveries=" + recoveries + " interruptedRecoveries=" + interruptedRecoveries + " losers=" + losers
            + " inFlightCommitKept=" + inFlightKept + " inFlightCommitDropped=" + inFlightDropped + " imagesWithTornPages=" + imagesWithTornPages
            + " tornPages=" + tornPages + " doublewriteRepairs=" + doublewriteRepairs + byMode + " mismatches=0");
    }

    /** Spread over the seed space: java.util.Random's first draws from adjacent seeds are alike (all scenarios cut, or none). */
    static long scenarioSeed(final long seed, final int scenario) {
        long z = seed + (scenario + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static KvConfig config(final Path dir, final FileOps fileOps, final TornPageProtection mode) {
        return KvConfig.builder(dir).pageSize(1024).maxKeySize(8).maxValueSize(8).segmentSize(64 << 10).manualCheckpointsOnly()
            .tornPageProtection(mode).fileOps(fileOps).build();
    }

    /**
     * The power-loss model with one tap: just before a sync of the page file or the doublewrite
     * file (a checkpoint's page writes in the page cache only), it may take a crash image.
     */
    private static final class CheckpointTap extends ForwardingFileOps {
        private final PowerLossFileOps model;
        private final Set<FileChannel> pageChannels = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
        private final List<Map<String, byte[]>> taken = new ArrayList<>();
        private Random random;

        CheckpointTap(final PowerLossFileOps model) {
            super(model);
            this.model = model;
        }

        /** Starts taking images, each with probability 1/2, drawn from {@code seeded} (called on the one checkpointing thread). */
        void arm(final Random seeded) {
            random = seeded;
        }

        List<Map<String, byte[]>> drain() {
            final List<Map<String, byte[]>> images = new ArrayList<>(taken);
            taken.clear();
            return images;
        }

        @Override
        public FileChannel openReadWrite(final Path file) throws IOException {
            final FileChannel channel = super.openReadWrite(file);
            final String name = file.getFileName().toString();
            if (name.equals("pages.db") || name.equals("pages.dw")) {
                pageChannels.add(channel);
            }
            return channel;
        }

        @Override
        public void syncData(final FileChannel channel) throws IOException {
            if (random != null && pageChannels.contains(channel) && !model.powerIsOff() && random.nextBoolean()) {
                taken.add(model.crashTree(random));
            }
            super.syncData(channel);
        }
    }

    /** One seeded run: a live store, its model, and the crash points along the way. */
    private final class Scenario {
        private final int index;
        private final TornPageProtection mode;
        private final Random random;
        private final Path live;
        private final PowerLossFileOps ops;
        private final CheckpointTap tap;
        private final long[] balances = new long[ACCOUNTS];
        private final Map<Long, Long> notes = new TreeMap<>();
        private final Map<Long, Long> pending = new LinkedHashMap<>(); // the open note transaction's changes; null value: delete
        private KvStore store;
        private KvTable accounts;
        private KvTable noteTable;
        private KvTxn noteTxn;
        private Transfer inFlight;
        private Map<Long, Long> inFlightNotes;

        Scenario(final int index, final TornPageProtection mode, final Random random) {
            this.index = index;
            this.mode = mode;
            this.random = random;
            this.live = tmp.resolve("s" + index).resolve("live");
            this.ops = PowerLossFileOps.ofTree(live);
            this.tap = new CheckpointTap(ops);
        }

        void run() {
            store = KvStore.open(config(live, tap, mode));
            try {
                setup();
                tap.arm(random);
                final int cutAt = random.nextInt(4) == 0 ? -1 : random.nextInt(OPS);
                for (int op = 0; op < OPS && !ops.powerIsOff(); op++) {
                    if (op == cutAt) {
                        ops.cutPowerAtSync(1 + random.nextInt(4));
                    }
                    step(op);
                    checkTapped();
                }
                if (ops.powerIsOff()) {
                    powerCuts++;
                }
                crashPoint();
            } finally {
                try {
                    store.close();
                } catch (final RuntimeException ignored) {
                    // the simulated power is off: close cannot checkpoint
                }
            }
        }

        private void setup() {
            accounts = store.createTable("accounts");
            noteTable = store.createTable("notes");
            final KvTxn txn = store.begin();
            for (int i = 0; i < ACCOUNTS; i++) {
                store.putLong(txn, accounts, i, INITIAL);
            }
            store.commit(txn);
            Arrays.fill(balances, INITIAL);
        }

        /** One random operation; a failure is a finding unless the simulated power is off. */
        private void step(final int op) {
            operations++;
            try {
                final int kind = random.nextInt(100);
                if (kind < 55) {
                    transfer();
                } else if (kind < 70) {
                    noteChange();
                } else if (kind < 76) {
                    noteCommit();
                } else if (kind < 80) {
                    noteRollback();
                } else if (kind < 92) {
                    store.checkpoint();
                    checkpoints++;
                } else if (kind < 97) {
                    crashPoint();
                }
            } catch (final RuntimeException ex) {
                if (!ops.powerIsOff()) {
                    throw new AssertionError("operation failed with the power on: op=" + op + ", cause=" + ex, ex);
                }
            }
        }

        private void transfer() {
            final int from = random.nextInt(ACCOUNTS);
            final int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            final long amount = 1 + random.nextInt(400);
            final KvTxn txn = store.begin();
            final long fromBalance = store.getLongForUpdate(txn, accounts, from, -1);
            final long toBalance = store.getLongForUpdate(txn, accounts, to, -1);
            if (fromBalance != balances[from] || toBalance != balances[to]) {
                throw new AssertionError("live balance differs from the model: from=" + from + ", balance=" + fromBalance + ", model="
                    + balances[from] + ", to=" + to + ", balance=" + toBalance + ", model=" + balances[to]);
            }
            if (fromBalance < amount) {
                store.rollback(txn);
                refused++;
                return;
            }
            store.putLong(txn, accounts, from, fromBalance - amount);
            store.putLong(txn, accounts, to, toBalance + amount);
            if (random.nextInt(10) == 0) {
                store.rollback(txn); // undone at run time, with CLRs
                rolledBack++;
                return;
            }
            inFlight = new Transfer(from, to, amount);
            store.commit(txn);
            inFlight = null;
            balances[from] -= amount;
            balances[to] += amount;
            transfers++;
        }

        private void noteChange() {
            if (noteTxn == null) {
                noteTxn = store.begin();
            }
            final long key = random.nextInt(NOTE_KEYS);
            if (random.nextInt(4) == 0) {
                store.delete(noteTxn, noteTable, KvCodec.key(key));
                pending.put(key, null);
            } else {
                final long value = random.nextLong();
                store.putLong(noteTxn, noteTable, key, value);
                pending.put(key, value);
            }
        }

        private void noteCommit() {
            if (noteTxn == null) {
                return;
            }
            inFlightNotes = new LinkedHashMap<>(pending);
            final KvTxn txn = noteTxn;
            noteTxn = null;
            pending.clear();
            store.commit(txn);
            apply(notes, inFlightNotes);
            inFlightNotes = null;
            noteCommits++;
        }

        private void noteRollback() {
            if (noteTxn != null) {
                final KvTxn txn = noteTxn;
                noteTxn = null;
                pending.clear();
                store.rollback(txn);
            }
        }

        /** Checks the images the tap took inside the last checkpoint (no commit was in flight then). */
        private void checkTapped() {
            for (final Map<String, byte[]> image : tap.drain()) {
                checkpointImages++;
                checkImage(image, false);
            }
        }

        /** Images of what a power cut now could leave, each recovered and checked. */
        private void crashPoint() {
            crashPoints++;
            for (int i = 0; i < IMAGES_PER_CRASH; i++) {
                checkImage(ops.crashTree(random), true);
            }
        }

        private void checkImage(final Map<String, byte[]> tree, final boolean inFlightPossible) {
            images++;
            final Path image = tmp.resolve("s" + index).resolve("image-" + images);
            PowerLossFileOps.write(tree, image);
            final int check = random.nextInt(3);
            final Path spare = image.resolveSibling(image.getFileName() + "-cut");
            if (check == 0) {
                PowerLossFileOps.write(tree, spare);
            }
            final State found = recover(image, PosixFileOps.INSTANCE, mode);
            final State expected = resolve(found, inFlightPossible, image);
            if (check == 1) {
                expected.check(recover(image, PosixFileOps.INSTANCE, other(mode)), "second recovery, in the other mode, of " + image);
            }
            if (check == 0) {
                checkRecoveryCutByPowerLoss(spare, expected);
            }
        }

        /** The model, or the model with the commit cut part-way when the image kept it: all of it or none. */
        private State resolve(final State found, final boolean inFlightPossible, final Path image) {
            final State model = new State(balances.clone(), new TreeMap<>(notes));
            if (inFlightPossible && (inFlight != null || inFlightNotes != null)) {
                final State withInFlight = new State(balances.clone(), new TreeMap<>(notes));
                if (inFlight != null) {
                    withInFlight.balances[inFlight.from()] -= inFlight.amount();
                    withInFlight.balances[inFlight.to()] += inFlight.amount();
                } else {
                    apply(withInFlight.notes, inFlightNotes);
                }
                if (withInFlight.equals(found)) {
                    inFlightKept++;
                    return withInFlight;
                }
                inFlightDropped++;
            }
            model.check(found, "recovery of " + image + (inFlight == null && inFlightNotes == null ? "" : " (in-flight commit neither whole nor absent)"));
            return model;
        }

        /** Reopens a copy of the image under a simulation whose power goes off at its n-th sync, then reopens the image of that. */
        private void checkRecoveryCutByPowerLoss(final Path copy, final State expected) {
            final PowerLossFileOps cut = PowerLossFileOps.ofTree(copy);
            cut.cutPowerAtSync(1 + random.nextInt(8));
            try (KvStore reopened = KvStore.open(config(copy, cut, mode))) {
                recoveries++;
                reopened.checkpoint();
            } catch (final RuntimeException ex) {
                if (!cut.powerIsOff()) {
                    throw new AssertionError("recovery failed with the power on: dir=" + copy + ", cause=" + ex, ex);
                }
            }
            if (!cut.powerIsOff()) {
                return;
            }
            interruptedRecoveries++;
            final Path after = copy.resolveSibling(copy.getFileName() + "-after");
            PowerLossFileOps.write(cut.crashTree(random), after);
            expected.check(recover(after, PosixFileOps.INSTANCE, mode), "recovery after a power cut during recovery of " + copy);
        }

        private State recover(final Path dir, final FileOps fileOps, final TornPageProtection recoveryMode) {
            recoveries++;
            try (KvStore reopened = KvStore.open(config(dir, fileOps, recoveryMode))) {
                final KvRecovery recovery = reopened.recovery();
                count(recovery);
                final KvTable a = reopened.table("accounts");
                final KvTable n = reopened.table("notes");
                final KvTxn txn = reopened.begin();
                final long[] found = new long[ACCOUNTS];
                for (int i = 0; i < ACCOUNTS; i++) {
                    found[i] = reopened.getLong(txn, a, i, Long.MIN_VALUE);
                }
                final Map<Long, Long> foundNotes = new TreeMap<>();
                for (final KvEntry entry : reopened.scan(txn, n, null, null)) {
                    foundNotes.put(KvCodec.keyToLong(entry.key()), KvCodec.toLong(entry.value()));
                }
                reopened.commit(txn);
                checkInvariants(found, dir);
                return new State(found, foundNotes);
            }
        }

        private void count(final KvRecovery recovery) {
            losers += recovery.aries().losers();
            tornPages += recovery.tornPages();
            doublewriteRepairs += recovery.doublewriteRepairs();
            imagesWithTornPages += recovery.tornPages() > 0 ? 1 : 0;
            final long[] counts = tornByMode.computeIfAbsent(mode, m -> new long[3]);
            counts[0]++;
            counts[1] += recovery.tornPages();
            counts[2] += recovery.doublewriteRepairs();
        }
    }

    /** What a recovered store holds: every balance, every note. */
    private record State(long[] balances, Map<Long, Long> notes) {
        @Override
        public boolean equals(final Object other) {
            return other instanceof State state && Arrays.equals(balances, state.balances) && notes.equals(state.notes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(balances) * 31 + notes.hashCode();
        }

        void check(final State found, final String where) {
            final int account = Arrays.mismatch(balances, found.balances);
            if (account >= 0) {
                throw new AssertionError("recovered balance differs from the acknowledged transfers: " + where + ", account=" + account
                    + ", expected=" + balances[account] + ", found=" + found.balances[account]);
            }
            if (!notes.equals(found.notes)) {
                throw new AssertionError("recovered notes differ from the acknowledged commits: " + where + ", expected=" + notes
                    + ", found=" + found.notes);
            }
        }
    }

    private static void checkInvariants(final long[] found, final Path dir) {
        long total = 0;
        for (int i = 0; i < found.length; i++) {
            if (found[i] < 0) {
                throw new AssertionError("negative or missing balance after recovery: dir=" + dir + ", account=" + i + ", balance=" + found[i]);
            }
            total += found[i];
        }
        if (total != ACCOUNTS * INITIAL) {
            throw new AssertionError("money not conserved after recovery: dir=" + dir + ", total=" + total + ", expected=" + ACCOUNTS * INITIAL);
        }
    }

    private static void apply(final Map<Long, Long> notes, final Map<Long, Long> changes) {
        for (final Map.Entry<Long, Long> change : changes.entrySet()) {
            if (change.getValue() == null) {
                notes.remove(change.getKey());
            } else {
                notes.put(change.getKey(), change.getValue());
            }
        }
    }

    private static TornPageProtection other(final TornPageProtection mode) {
        return mode == TornPageProtection.DOUBLEWRITE ? TornPageProtection.FULL_PAGE_IMAGES : TornPageProtection.DOUBLEWRITE;
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

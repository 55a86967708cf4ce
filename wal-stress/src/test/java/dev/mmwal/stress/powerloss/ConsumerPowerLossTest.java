package dev.mmwal.stress.powerloss;

import dev.mmwal.SyncMethod;
import dev.mmwal.commit.GreedyPolicy;
import dev.mmwal.consumer.ConsumerConfig;
import dev.mmwal.consumer.ConsumerStore;
import dev.mmwal.consumer.StateInterpreter;
import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.stress.oracle.StressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Timeout;

/**
 * wal-consumer's {@link ConsumerStore} under simulated power loss, in-JVM and seeded. One thread
 * persists consecutive message ids for a few clients (with retries that must come back
 * {@link ConsumerStore#DUPLICATE}) and runs checkpoints that snapshot and truncate, over a log
 * whose file operations are {@link PowerLossFileOps}. At seeded crash points, and after a power
 * cut armed at a random sync (the failing persist ends the run), disk images are built and the
 * store reopened from each: every client's max id equals its highest acknowledged id (the persist
 * cut part-way: that id or the one below), and its state shows ids 0..max each applied exactly
 * once. One image in three is also reopened under a second power cut (inside the log's recovery
 * or the checkpoint opening runs) and must reopen to the same clients.
 *
 * <p>{@code -Dstress.consumerpowerloss.scenarios=N} (default 2 in verify); replay: {@code -Dstress.seed=S}.
 */
// a campaign: its length is set by its iterations property; the run in verify takes seconds
@Timeout(value = 24, unit = TimeUnit.HOURS)
class ConsumerPowerLossTest {
    private static final String SERVICE = "powerloss";
    private static final int CLIENTS = 6;
    private static final int OPS = 500;
    private static final int IMAGES_PER_CRASH = 2;

    @TempDir
    Path tmp;

    private long persists;
    private long duplicatesRefused;
    private long crashPoints;
    private long powerCuts;
    private long images;
    private long reopenings;
    private long interruptedReopenings;
    private long inFlightKept;
    private long inFlightDropped;
    private long segmentsTruncated;
    private long segmentsRecycled;

    @Test
    void shouldKeepEveryAcknowledgedPersistExactlyOnceAfterPowerLoss() {
        final long seed = StressSettings.seed("ConsumerPowerLossTest");
        final int scenarios = StressSettings.intProperty("stress.consumerpowerloss.scenarios", 2);
        for (int s = 0; s < scenarios; s++) {
            try {
                new Scenario(tmp.resolve("s" + s), new Random(seed + s)).run();
            } catch (final AssertionError | RuntimeException ex) {
                throw new AssertionError("consumer power-loss scenario failed: seed=" + seed + ", scenario=" + s
                    + " (replay: -Dstress.seed=" + seed + "): " + ex.getMessage(), ex);
            }
        }
        StressSettings.report("consumer-power-loss", "seed=" + seed + " scenarios=" + scenarios + " acknowledgedPersists=" + persists
            + " duplicatesRefused=" + duplicatesRefused + " powerCuts=" + powerCuts + " crashPoints=" + crashPoints + " images=" + images
            + " reopenings=" + reopenings + " interruptedReopenings=" + interruptedReopenings + " inFlightKept=" + inFlightKept
            + " inFlightDropped=" + inFlightDropped + " segmentsTruncated=" + segmentsTruncated + " segmentsRecycled=" + segmentsRecycled
            + " lostAcknowledged=0 appliedTwice=0");
    }

    /** One seeded run: a live store, the model of acknowledged ids, and its crash points. */
    private final class Scenario {
        private final Path root;
        private final Random random;
        private final PowerLossFileOps ops;
        private final long[] acked = new long[CLIENTS];
        private final int entriesPerSnapshot;
        private final boolean msync;
        private final int spares;
        private int inFlightClient = -1;
        private int crashes;

        Scenario(final Path root, final Random random) {
            this.root = root.resolve("live");
            this.random = random;
            this.ops = new PowerLossFileOps(this.root.resolve(SERVICE));
            this.entriesPerSnapshot = 1 + random.nextInt(3);
            this.msync = random.nextBoolean();
            this.spares = random.nextBoolean() ? 2 : 0;
            Arrays.fill(acked, -1);
        }

        void run() {
            final int cutAt = random.nextInt(3) == 0 ? -1 : random.nextInt(OPS);
            try (ConsumerStore<byte[]> store = ConsumerStore.open(config(root, ops))) {
                for (int op = 0; op < OPS && !ops.powerIsOff(); op++) {
                    if (op == cutAt) {
                        ops.cutPowerAtSync(1 + random.nextInt(4));
                    }
                    step(store, op);
                }
                if (ops.powerIsOff()) {
                    powerCuts++;
                }
                segmentsTruncated += store.stats().segmentsTruncated();
                segmentsRecycled += ops.reuses();
                crashPoint();
            } catch (final RuntimeException closeAfterCut) {
                if (!ops.powerIsOff()) {
                    throw closeAfterCut;
                }
            }
        }

        private void step(final ConsumerStore<byte[]> store, final int op) {
            final int client = random.nextInt(CLIENTS);
            try {
                final int kind = random.nextInt(100);
                if (kind < 70) {
                    final long id = acked[client] + 1;
                    inFlightClient = client;
                    store.persist(clientId(client), Tally.entry(id), id);
                    inFlightClient = -1;
                    acked[client] = id;
                    persists++;
                } else if (kind < 82) {
                    if (acked[client] >= 0) {
                        assertEquals(ConsumerStore.DUPLICATE, store.persist(clientId(client), Tally.entry(acked[client]), acked[client]),
                            "a retried id must be refused: client=" + client + ", id=" + acked[client]);
                        duplicatesRefused++;
                    }
                } else if (kind < 94) {
                    store.checkpoint();
                } else {
                    crashPoint();
                }
            } catch (final RuntimeException ex) {
                if (!ops.powerIsOff()) {
                    throw new AssertionError("operation failed with the power on: op=" + op + ", cause=" + ex, ex);
                }
            }
        }

        private ConsumerConfig<byte[]> config(final Path dir, final FileOps fileOps) {
            return ConsumerConfig.builder(dir, SERVICE, new Tally())
                .checkpointBytes(0)
                .checkpointInterval(0, TimeUnit.MILLISECONDS)
                .entriesPerSnapshot(entriesPerSnapshot)
                .retainedSegments(1)
                .maxDataBytes(Tally.ENTRY_BYTES)
                .maxStateBytes(Tally.ENTRY_BYTES)
                .wal(wal -> wal.segmentSize(TxnPowerLossTest.SEGMENT_SIZE).fileOps(fileOps).maxUnsyncedNanos(0)
                    .groupCommitPolicy(() -> GreedyPolicy.INSTANCE).syncMethod(msync ? SyncMethod.MSYNC : SyncMethod.FDATASYNC)
                    .recycleSegments(spares))
                .build();
        }

        private void crashPoint() {
            crashes++;
            crashPoints++;
            for (int i = 0; i < IMAGES_PER_CRASH; i++) {
                final Path image = root.resolveSibling("image-" + crashes + "-" + i);
                PowerLossFileOps.write(ops.crashImage(random), image.resolve(SERVICE));
                images++;
                final boolean cutReopen = random.nextInt(3) == 0;
                if (cutReopen) {
                    PowerLossSimulationTest.copyTree(image.resolve(SERVICE), image.resolveSibling(image.getFileName() + "-cut").resolve(SERVICE));
                }
                final long[] max = check(image, "reopening " + image);
                countInFlight(max);
                check(image, "second reopening " + image);
                if (cutReopen) {
                    checkReopenCutByPowerLoss(image.resolveSibling(image.getFileName() + "-cut"), max);
                }
            }
        }

        /** Reopens the store in {@code dir} and checks every client against the model; returns each client's max id. */
        private long[] check(final Path dir, final String where) {
            reopenings++;
            final long[] max = new long[CLIENTS];
            try (ConsumerStore<byte[]> store = ConsumerStore.open(config(dir, PosixFileOps.INSTANCE))) {
                for (int client = 0; client < CLIENTS; client++) {
                    max[client] = store.maxMessageId(clientId(client));
                    checkClient(client, max[client], store.retrieve(clientId(client)), where);
                }
            }
            return max;
        }

        private void checkClient(final int client, final long max, final byte[] state, final String where) {
            final String context = where + ", client=" + client + ", acked=" + acked[client] + ", max=" + max;
            if (max != acked[client] && !(max == acked[client] + 1 && client == inFlightClient)) {
                throw new AssertionError("max id is not the highest acknowledged one (lost or invented persist): " + context);
            }
            if (max < 0 ? state != null : !Arrays.equals(Tally.expected(max), state)) {
                throw new AssertionError("ids 0..max not each applied exactly once: " + context + ", state=" + Arrays.toString(state == null
                    ? null : Tally.moments(state)));
            }
        }

        private void countInFlight(final long[] max) {
            if (inFlightClient >= 0 && max[inFlightClient] > acked[inFlightClient]) {
                inFlightKept++;
            } else if (inFlightClient >= 0) {
                inFlightDropped++;
            }
        }

        /** Reopens a copy under a second power cut; an image of that must reopen to the same max ids. */
        private void checkReopenCutByPowerLoss(final Path copy, final long[] expectedMax) {
            final PowerLossFileOps cut = new PowerLossFileOps(copy.resolve(SERVICE));
            cut.cutPowerAtSync(1 + random.nextInt(6));
            try (ConsumerStore<byte[]> store = ConsumerStore.open(config(copy, cut))) {
                store.checkpoint();
            } catch (final RuntimeException ex) {
                if (!cut.powerIsOff()) {
                    throw new AssertionError("reopening failed with the power on: dir=" + copy + ", cause=" + ex, ex);
                }
            }
            if (!cut.powerIsOff()) {
                return;
            }
            interruptedReopenings++;
            final Path after = copy.resolveSibling(copy.getFileName() + "-after");
            PowerLossFileOps.write(cut.crashImage(random), after.resolve(SERVICE));
            final long[] max = check(after, "reopening after a power cut during reopening of " + copy);
            if (!Arrays.equals(expectedMax, max)) {
                throw new AssertionError("a power cut while reopening changed the store: dir=" + copy + ", expected="
                    + Arrays.toString(expectedMax) + ", found=" + Arrays.toString(max));
            }
        }
    }

    private static String clientId(final int client) {
        return "client-" + client;
    }

    /**
     * A state that shows missing and doubled applies: (count, sum of ids, sum of squared ids).
     * Ids 0..m each applied once give (m+1, m(m+1)/2, m(m+1)(2m+1)/6).
     */
    static final class Tally implements StateInterpreter<byte[]> {
        static final int ENTRY_BYTES = 1024;

        /** An entry: its moments, then padding so the log fills segments and checkpoints truncate. */
        static byte[] entry(final long id) {
            return ByteBuffer.allocate(ENTRY_BYTES).putLong(1).putLong(id).putLong(id * id).array();
        }

        static long[] moments(final byte[] state) {
            final ByteBuffer buffer = ByteBuffer.wrap(state);
            return new long[]{buffer.getLong(), buffer.getLong(), buffer.getLong()};
        }

        static byte[] expected(final long max) {
            return ByteBuffer.allocate(24).putLong(max + 1).putLong(max * (max + 1) / 2).putLong(max * (max + 1) * (2 * max + 1) / 6).array();
        }

        @Override
        public String id() {
            return "tally";
        }

        @Override
        public byte[] format(final byte[] state) {
            return state.clone();
        }

        @Override
        public byte[] parse(final byte[] bytes) {
            return bytes.clone();
        }

        @Override
        public byte[] merge(final byte[] current, final byte[] entry, final long messageId, final long timestampMillis) {
            final long[] sum = current == null ? new long[3] : moments(current);
            final long[] add = moments(entry);
            return ByteBuffer.allocate(24).putLong(sum[0] + add[0]).putLong(sum[1] + add[1]).putLong(sum[2] + add[2]).array();
        }
    }
}

package dev.mmwal.txn;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.txn.testing.FilePageStore;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The child of {@link TxnCrashTest}: recovers the log and the page file, then runs random
 * transactions from several threads until killed. After recovery it prints every page
 * ({@code PAGE id hex}), which the parent checks against its model. Each thread owns a 16-byte slot of every page.
 * Before committing it prints {@code PENDING slot txnId page=hex...}; after commit returned,
 * {@code ACK slot txnId}, into the file named by its fourth argument. A writer thread writes random pages back under the WAL rule.
 */
public final class TxnCrashChild {
    static final int PAGES = 16;
    static final long SEGMENT_SIZE = 128 << 10;

    private TxnCrashChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final int threads = Integer.parseInt(args[1]);
        final long seed = Long.parseLong(args[2]);
        // A file, not stdout: Process.destroyForcibly closes the parent's end of the pipe, dropping
        // lines it had not read yet; a write to a file survives the SIGKILL in the page cache.
        final PrintStream out = new PrintStream(new FileOutputStream(args[3], true), true);
        final Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT_SIZE).build());
        final TxnLog log = TxnLog.open(wal, TxnConfig.builder().checkpointEveryBytes(96 << 10).build());
        final FilePageStore store = FilePageStore.open(dir.resolve("pages.db"), PAGES);
        out.println("RECOVERING");
        store.attach(log);
        final RecoveryStats stats = log.recover(store);
        final HexFormat hex = HexFormat.of();
        for (int page = 0; page < PAGES; page++) {
            out.println("PAGE " + page + " " + hex.formatHex(store.read(page)));
        }
        out.println("RECOVERED " + stats);
        for (int t = 0; t < threads; t++) {
            final int slot = t;
            Thread.ofPlatform().daemon().start(() -> run(log, store, slot, new SplittableRandom(seed + slot), out));
        }
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        while (true) {
            store.writeBack(log, random.nextInt(PAGES));
            Thread.sleep(random.nextInt(3));
        }
    }

    private static void run(final TxnLog log, final FilePageStore store, final int slot, final SplittableRandom random, final PrintStream out) {
        final HexFormat hex = HexFormat.of();
        final StringBuilder line = new StringBuilder();
        while (true) {
            final Transaction txn = log.begin();
            line.setLength(0);
            line.append("PENDING ").append(slot).append(' ').append(txn.id());
            final int updates = 1 + random.nextInt(4);
            for (int u = 0; u < updates; u++) {
                final int page = random.nextInt(PAGES);
                final byte[] value = new byte[16];
                random.nextBytes(value);
                store.write(log, txn, page, slot * 16, value);
                line.append(' ').append(page).append('=').append(hex.formatHex(value));
            }
            if (random.nextInt(8) == 0) {
                log.abort(txn);
                continue;
            }
            out.println(line);
            log.commit(txn);
            out.println("ACK " + slot + " " + txn.id());
        }
    }
}

package dev.mmwal.kv.bank;

import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.SyncMode;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The JVM the bank demo kills: opens the store (recovering it), prints {@code READY}, then runs
 * transfers and appends {@code T <id> <from> <to> <amount>} to the acknowledgement file for each
 * one after its commit returned (durable), flushing every 5 ms. The parent kills it with SIGKILL,
 * reads the file (what the child wrote survives in the page cache; a line cut short does not
 * count) and audits. Beside the transfers, one transaction writes a row every 20 ms and never
 * commits: recovery must undo all of it. Not stdout: killing the child closes the parent's end of the pipe and drops
 * lines not yet read. Exits by itself after {@code MAX_SECONDS} should the parent never kill it.
 *
 * <p>Arguments: {@code DIR THREADS MAX_SECONDS ACCOUNTS INITIAL_BALANCE SEED ACK_FILE}.
 */
public final class BankChild {
    private BankChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Path directory = Path.of(args[0]);
        final int threads = Integer.parseInt(args[1]);
        final long maxNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        final int accounts = Integer.parseInt(args[3]);
        final long initial = Long.parseLong(args[4]);
        final long seed = Long.parseLong(args[5]);
        final PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(args[6]), 1 << 16), false,
            StandardCharsets.US_ASCII);
        try (KvStore store = KvStore.open(Bank.config(directory).build())) {
            final Bank bank = Bank.open(store, accounts, initial);
            System.out.println("READY");
            System.out.flush();
            // printed after the commit returned; a line the kill cuts short is ignored by the parent
            final BankLoad load = new BankLoad(bank, SyncMode.DURABLE, bank.reserveIdBase(), (id, from, to, amount) -> {
                synchronized (out) {
                    out.println("T " + id + " " + from + " " + to + " " + amount);
                }
            });
            load.start(threads, seed);
            final Thread loser = Thread.ofPlatform().name("bank-uncommitted").daemon().start(() -> bank.holdUncommitted(20));
            final long deadline = System.nanoTime() + maxNanos;
            while (System.nanoTime() < deadline && load.failure() == null) {
                Thread.sleep(5);
                synchronized (out) {
                    out.flush();
                }
            }
            loser.interrupt();
            loser.join();
            load.stop();
        }
        out.flush();
    }
}

package dev.mmwal.cli.demo;

import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.Json;
import dev.mmwal.kv.KvRecovery;
import dev.mmwal.kv.KvStore;
import dev.mmwal.kv.SyncMode;
import dev.mmwal.kv.bank.Bank;
import dev.mmwal.kv.bank.BankAudit;
import dev.mmwal.kv.bank.BankCrash;
import dev.mmwal.kv.bank.BankLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code mmwal demo}: the bank. Accounts in a wal-kv store; threads transfer money in
 * transactions (group commit; transfers short of funds roll back) with live progress; then a child
 * JVM runs the bank and is killed with SIGKILL mid-load; the store is reopened (ARIES recovery) and
 * audited: money conserved, every acknowledged transfer present, no partial transfer, no negative
 * balance. {@code mmwal demo log} is the log-only demo.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, subcommands = LogDemoCommand.class,
    description = {"The bank: concurrent transfers in wal-kv transactions, a SIGKILLed child JVM, ARIES recovery, an audit.",
        "N accounts; M threads transfer random amounts between random accounts, each transfer one transaction committed",
        "through group commit (live progress); then a child JVM runs the bank and is killed with SIGKILL; the store is",
        "reopened (analysis, redo, undo) and audited: total money conserved, every acknowledged transfer present, no partial",
        "transfer, no negative balance. 'demo log' runs the log-only demo."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:the audit passed", " 2:the audit failed", "64:usage error"})
public final class DemoCommand extends BaseCommand {

    @Option(names = "--dir", paramLabel = "DIR", description = "Store directory: new, empty, or a bank from an earlier run (default: a fresh ./mmwal-bank-<timestamp>).")
    private Path directory;

    @Option(names = "--accounts", paramLabel = "N", description = "Accounts (default: ${DEFAULT-VALUE}).")
    private int accounts = 10_000;

    @Option(names = "--balance", paramLabel = "B", description = "Initial balance of each account (default: ${DEFAULT-VALUE}).")
    private long balance = 1_000;

    @Option(names = "--threads", paramLabel = "M", description = "Transferring threads (default: ${DEFAULT-VALUE}).")
    private int threads = 8;

    @Option(names = "--seconds", paramLabel = "S", description = "How long the in-process bank runs (default: ${DEFAULT-VALUE}).")
    private double seconds = 5;

    @Option(names = "--crash-seconds", paramLabel = "S", description = "How long the child JVM runs before the SIGKILL (default: ${DEFAULT-VALUE}).")
    private double crashSeconds = 3;

    @Option(names = "--sync", paramLabel = "MODE", description = "Commit mode of the in-process run: DURABLE, GROUP_DEFERRED or NONE (default: ${DEFAULT-VALUE}; the child always commits DURABLE).")
    private SyncMode sync = SyncMode.DURABLE;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: the clock).")
    private long seed = System.nanoTime();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (accounts < 2 || threads < 1 || threads > 512 || balance < 1 || !(seconds > 0) || !(crashSeconds > 0)) {
            throw usageError("need >= 2 accounts, 1..512 threads, a positive balance and durations: accounts=" + accounts + ", threads=" + threads
                + ", balance=" + balance + ", seconds=" + seconds + ", crashSeconds=" + crashSeconds);
        }
        final Path dir = prepareDirectory();
        final PrintWriter out = json() ? null : out();
        final List<long[]> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final BankRun run = runInProcess(dir, out, acknowledged);
        note(out, "");
        note(out, String.format(Locale.ROOT, "2. a child JVM runs the bank with %d threads; after %.1f s it is killed with SIGKILL", threads, crashSeconds));
        final BankCrash.Outcome crash = BankCrash.run(dir, threads, crashSeconds, accounts, balance, seed + 1);
        acknowledged.addAll(crash.acknowledged());
        note(out, String.format(Locale.ROOT, "   child pid %d: SIGKILL after %.1f s (exit %d), %,d transfers acknowledged", crash.childPid(),
            crash.loadNanos() / 1e9, crash.exitCode(), crash.acknowledged().size()));
        note(out, "");
        note(out, "3. reopening the store (page file, then ARIES analysis, redo, undo) and auditing");
        final long started = System.nanoTime();
        final BankAudit audit;
        final KvRecovery recovery;
        final long reopenNanos;
        try (KvStore store = KvStore.open(Bank.config(dir).build())) {
            reopenNanos = System.nanoTime() - started;
            recovery = store.recovery();
            audit = Bank.open(store, accounts, balance).audit(acknowledged);
        }
        final BankReport report = new BankReport(dir, threads, run, crash, reopenNanos, recovery, audit);
        if (out != null) {
            report.printText(out);
        } else {
            out().println(Json.write(report.toJson()));
        }
        return audit.passed() ? ExitCodes.OK : ExitCodes.DAMAGED;
    }

    /** What the in-process run did. */
    record BankRun(int accounts, long balance, SyncMode sync, double seconds, long committed, long rejected, long retried,
                   org.HdrHistogram.Histogram latency, double meanBatch) {
    }

    private BankRun runInProcess(final Path dir, final PrintWriter out, final List<long[]> acknowledged) throws InterruptedException {
        try (KvStore store = KvStore.open(Bank.config(dir).syncMode(sync).build())) {
            final Bank bank = Bank.open(store, accounts, balance);
            note(out, "mmwal demo: the bank, in " + dir);
            note(out, "");
            note(out, String.format(Locale.ROOT, "1. %,d accounts of %,d (total %,d); %d threads transfer random amounts for %.0f s, each transfer one"
                + " transaction (commit: %s, group commit); transfers short of funds roll back", bank.accounts(), bank.initialBalance(),
                bank.accounts() * bank.initialBalance(), threads, seconds, sync));
            final BankLoad load = new BankLoad(bank, sync, bank.reserveIdBase(), (id, from, to, amount) -> acknowledged.add(new long[] {id, from, to, amount}));
            final LiveProgress progress = new LiveProgress(out, "transfers", isTerminal(), load.latency(), store.walMetrics());
            final long syncsBefore = store.walMetrics().syncs();
            final long syncedBefore = store.walMetrics().commitsSynced();
            progress.start();
            load.start(threads, seed);
            Thread.sleep((long)(seconds * 1000));
            load.stop();
            final org.HdrHistogram.Histogram latency = progress.stop();
            final long syncs = store.walMetrics().syncs() - syncsBefore;
            final double batch = syncs == 0 ? 0 : (double)(store.walMetrics().commitsSynced() - syncedBefore) / syncs;
            return new BankRun(bank.accounts(), bank.initialBalance(), sync, seconds, load.committed(), load.rejected(), load.retried(), latency, batch);
        }
    }

    private static void note(final PrintWriter out, final String line) {
        if (out != null) {
            out.println(line);
            out.flush();
        }
    }

    private boolean isTerminal() {
        final Console console = System.console();
        return !json() && console != null && console.isTerminal();
    }

    /** A fresh default folder; or DIR when it is new, empty, or a store. Never litters a folder that holds other things. */
    private Path prepareDirectory() throws IOException {
        return DemoDirectory.prepare(directory, "mmwal-bank", dir -> Files.exists(dir.resolve("kv.meta")), "store",
            "give a new or empty directory, or the directory of an earlier bank");
    }
}

package dev.mmwal.cli.demo;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.Json;
import dev.mmwal.cli.SizeConverter;
import dev.mmwal.inspect.InspectedLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code mmwal demo log [DIR]}: the log-only demo. Commits transactions from several threads to an embedded log with
 * group commit, showing live progress; then crashes a committing child JVM with SIGKILL, reopens
 * the log and checks every acknowledged commit; then explains the figures.
 */
@Command(name = "log", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a committing workload, crash a writer with SIGKILL, and check every acknowledged commit.",
        "Several threads commit transactions with group commit (live progress); then a child JVM commits under load and is",
        "killed with SIGKILL; the log is reopened and every commit the child acknowledged is checked byte for byte. Ends with",
        "commits/s, commit latency percentiles, batch sizes, L, lambda, N* and recovery time.",
        "Takes about --seconds + --crash-seconds + a few seconds."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:every acknowledged commit survived", " 2:an acknowledged commit was lost or damaged", "64:usage error",
        "75:the log is locked by a writer"})
public final class LogDemoCommand extends BaseCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
        description = "Log directory: new, empty, or an existing log (default: a fresh ./mmwal-demo-<timestamp>).")
    private Path directory;

    @Option(names = "--threads", paramLabel = "N", description = "Committing threads (default: ${DEFAULT-VALUE}).")
    private int threads = 8;

    @Option(names = "--seconds", paramLabel = "S", description = "How long the embedded workload runs (default: ${DEFAULT-VALUE}).")
    private double seconds = 8;

    @Option(names = "--crash-seconds", paramLabel = "S", description = "How long the child JVM commits before the SIGKILL (default: ${DEFAULT-VALUE}).")
    private double crashSeconds = 2;

    @Option(names = "--segment-size", paramLabel = "BYTES", converter = SizeConverter.class,
        description = "Segment size: a power of two from 64k to 1g (default: 64m, the library's default).")
    private long segmentSize = WalConfig.DEFAULT_SEGMENT_SIZE;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (threads < 1 || threads > 512 || !(seconds > 0) || !(crashSeconds > 0)) {
            throw usageError("need 1..512 threads and positive durations: threads=" + threads + ", seconds=" + seconds + ", crashSeconds=" + crashSeconds);
        }
        final Path dir = prepareDirectory();
        final WalConfig config;
        try {
            config = DemoLog.config(dir, segmentSize);
        } catch (final IllegalArgumentException ex) {
            throw usageError(ex.getMessage());
        }
        final PrintWriter out = json() ? null : out();
        final Workload.Result workload;
        try (Wal wal = Wal.open(config)) {
            if (out != null) {
                out.println("mmwal demo: log in " + dir + " (" + DemoLog.describe(config) + ")");
                out.println();
                out.println(String.format(Locale.ROOT, "1. %d threads commit transactions (BEGIN, 1-4 UPDATEs, COMMIT; each COMMIT waits until durable)"
                    + " for %.0f s", threads, seconds));
                out.flush();
            }
            workload = Workload.run(wal, threads, seconds, out, isTerminal());
        }
        if (out != null) {
            out.println();
            out.println(String.format(Locale.ROOT, "2. a child JVM commits with %d threads; after %.1f s it is killed with SIGKILL, the log reopened and checked",
                threads, crashSeconds));
            out.flush();
        }
        final CrashRun.Outcome crash = new CrashRun(dir, threads, crashSeconds, segmentSize).run(out);
        final DemoReport report = new DemoReport(dir, DemoLog.describe(config), DemoLog.syncCall(config), workload, crash, DemoLog.costWeight(config));
        if (out != null) {
            report.printText(out, launcherName());
        } else {
            out().println(Json.write(report.toJson()));
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.DAMAGED;
    }

    private boolean isTerminal() {
        final Console console = System.console();
        return !json() && console != null && console.isTerminal();
    }

    /** How the user called us, for the follow-up commands we suggest ({@code ./mmwal} sets it). */
    private static String launcherName() {
        final String name = System.getenv("MMWAL_COMMAND");
        return name == null || name.isBlank() ? "mmwal" : name;
    }

    /** A fresh default folder; or DIR when it is new, empty, or already a log. Never litters a folder that holds other things. */
    private Path prepareDirectory() throws IOException {
        return DemoDirectory.prepare(directory, "mmwal-demo", InspectedLog::holdsSegmentFiles, "log",
            "give a new or empty directory, or an existing log");
    }
}

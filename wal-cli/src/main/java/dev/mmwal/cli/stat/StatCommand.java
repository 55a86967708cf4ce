package dev.mmwal.cli.stat;

import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** {@code mmwal stat DIR}: the counters of a (possibly running) log, like AeronStat. */
@Command(name = "stat", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print the live counters of a log (records, syncs, bytes synced, commits, durable and tail LSN, back-pressure, failed)",
        "from its mmwal.counters file, without a lock: once, or every second with --watch."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:done", "64:usage error", "66:no counters file", "74:I/O error"})
public final class StatCommand extends BaseCommand {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    private Path directory;

    @Option(names = "--watch", description = "Print the counters every second.")
    private boolean watch;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N readings (default: until interrupted).")
    private long count = Long.MAX_VALUE;

    @Override
    public Integer call() {
        if (count < 1) {
            throw usageError("--count must be at least 1: count=" + count);
        }
        final long readings = watch ? count : 1;
        for (long i = 0; i < readings; i++) {
            if (i > 0) {
                LockSupport.parkNanos(INTERVAL_NANOS);
            }
            print(CountersSnapshot.read(directory));
        }
        return 0;
    }

    private void print(final CountersSnapshot snapshot) {
        final PrintWriter out = out();
        if (json()) {
            final Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("directory", directory.toString());
            doc.put("state", snapshot.state());
            doc.put("counters", snapshot.counters());
            out.println(Json.write(doc));
        } else {
            out.println("log " + directory + ": " + snapshot.state() + " (writer pid " + snapshot.pid() + ")");
            snapshot.counters().forEach((label, value) -> out.println(String.format(Locale.ROOT, "  %-20s %d", label, value)));
        }
        out.flush();
    }
}

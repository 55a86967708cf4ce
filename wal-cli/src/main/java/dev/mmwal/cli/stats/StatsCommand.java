package dev.mmwal.cli.stats;

import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.DamageFormat;
import dev.mmwal.cli.Json;
import dev.mmwal.cli.ProblemTally;
import dev.mmwal.cli.Units;
import dev.mmwal.cli.WriterLock;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.inspect.LogWalker;
import dev.mmwal.inspect.SegmentView;
import dev.mmwal.inspect.WalkOptions;
import dev.mmwal.inspect.WalkResult;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code mmwal stats DIR}: what a log holds, by record type, like {@code pg_waldump --stats}. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Summarise a log: segments, LSN range, and records and bytes by record type (like pg_waldump --stats).",
        "Damaged records are skipped, counted and listed (the first 20 in text). Reads the files read-only, without the writer's lock."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:done (even when damage was skipped)", "64:usage error", "66:directory missing or not a log"})
public final class StatsCommand extends BaseCommand {
    private static final int COUNT = 0;
    private static final int RECORD_BYTES = 1;
    private static final int PAYLOAD_BYTES = 2;
    /** Damage lines printed in the text output; the JSON lists all. */
    private static final int LISTED_PROBLEMS = 20;

    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    private Path directory;

    @Override
    public Integer call() {
        final long writer = WriterLock.holder(directory);
        try (InspectedLog log = InspectedLog.open(directory)) {
            final LogStats stats = new LogStats();
            final WalkResult result = new LogWalker(log, WalkOptions.ALL, stats).walk();
            if (json()) {
                out().println(Json.write(toJson(log, stats, result, writer)));
            } else {
                printText(log, stats, result, writer);
            }
        }
        return 0;
    }

    private void printText(final InspectedLog log, final LogStats stats, final WalkResult result, final long writer) {
        final PrintWriter out = out();
        final long sealed = log.segments().stream().filter(SegmentView::sealed).count();
        out.println("log " + directory + ": " + log.segments().size() + " segment(s) x " + Units.bytes(log.segmentSize()) + " (" + sealed + " sealed), "
            + log.segments().getFirst().fileName() + " .. " + log.segments().getLast().fileName());
        out.println("lsn range [" + log.firstLsn() + ", " + result.endLsn() + "): " + Units.bytes(result.endLsn() - log.firstLsn())
            + " of log; durable up to lsn " + log.durableLsn() + " (segment headers)"
            + (writer != WriterLock.NONE ? "; live writer pid " + writer : ""));
        out.println();
        final long records = stats.total(COUNT);
        final long bytes = stats.total(RECORD_BYTES);
        final long payload = stats.total(PAYLOAD_BYTES);
        out.println(String.format(Locale.ROOT, "%-17s %12s %8s %16s %8s %16s %8s", "Type", "N", "(%)", "Record size", "(%)", "Payload size", "(%)"));
        out.println(String.format(Locale.ROOT, "%-17s %12s %8s %16s %8s %16s %8s", "----", "-", "---", "-----------", "---", "------------", "---"));
        for (final Map.Entry<String, long[]> row : stats.byType().entrySet()) {
            final long[] v = row.getValue();
            out.println(String.format(Locale.ROOT, "%-17s %12d %8s %16d %8s %16d %8s", row.getKey(),
                v[COUNT], "(" + Units.percent(v[COUNT], records) + ")", v[RECORD_BYTES], "(" + Units.percent(v[RECORD_BYTES], bytes) + ")",
                v[PAYLOAD_BYTES], "(" + Units.percent(v[PAYLOAD_BYTES], payload) + ")"));
        }
        out.println(String.format(Locale.ROOT, "%-17s %12d %8s %16d %8s %16d %8s", "Total", records, "", bytes, "", payload,
            "[" + Units.percent(payload, bytes) + "]"));
        out.println();
        final Histogram sizes = stats.payloadSizes();
        if (sizes.getTotalCount() > 0) {
            out.println("payload size: min " + sizes.getMinValue() + " B, p50 " + sizes.getValueAtPercentile(50) + " B, p99 "
                + sizes.getValueAtPercentile(99) + " B, max " + sizes.getMaxValue() + " B, mean " + Units.decimal(sizes.getMean()) + " B");
        }
        out.println("Record size counts header (48 B), payload and alignment; the bracketed figure is payload as a share of record bytes.");
        printDamage(stats, result);
    }

    /** What the JSON's {@code problems}, {@code errors}, {@code warnings} and {@code lastRecordEnd} say, in words. */
    private void printDamage(final LogStats stats, final WalkResult result) {
        final ProblemTally tally = stats.tally();
        if (tally.problems().isEmpty()) {
            return;
        }
        final PrintWriter out = out();
        out.println();
        out.println("damage: " + tally.errors() + " error(s) (inside the durable part or in the log's structure), " + tally.warnings()
            + " warning(s) (a torn tail); the records in it are not counted above:");
        tally.problems().stream().limit(LISTED_PROBLEMS).forEach(damage -> out.println("  " + DamageFormat.line(damage)));
        if (tally.problems().size() > LISTED_PROBLEMS) {
            out.println("  ... and " + (tally.problems().size() - LISTED_PROBLEMS) + " more");
        }
        if (result.lastRecordEnd() > result.endLsn()) {
            out.println("the log is valid without a break up to lsn " + result.endLsn() + "; valid records follow the damage up to lsn "
                + result.lastRecordEnd());
        }
        out.println("mmwal verify " + directory + " checks every record; mmwal salvage " + directory + " NEW_DIR copies the valid ones");
    }

    private Map<String, Object> toJson(final InspectedLog log, final LogStats stats, final WalkResult result, final long writer) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("dir", directory.toString());
        json.put("segmentSize", log.segmentSize());
        json.put("segments", log.segments().size());
        json.put("sealedSegments", log.segments().stream().filter(SegmentView::sealed).count());
        json.put("firstLsn", log.firstLsn());
        json.put("endLsn", result.endLsn());
        json.put("lastRecordEnd", result.lastRecordEnd());
        json.put("durableLsn", log.durableLsn());
        json.put("writerPid", writer == WriterLock.NONE ? null : writer);
        json.put("records", stats.userRecords());
        json.put("recordBytes", stats.total(RECORD_BYTES));
        json.put("payloadBytes", stats.total(PAYLOAD_BYTES));
        final Map<String, Object> byType = new LinkedHashMap<>();
        stats.byType().forEach((type, v) -> {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("count", v[COUNT]);
            row.put("recordBytes", v[RECORD_BYTES]);
            row.put("payloadBytes", v[PAYLOAD_BYTES]);
            byType.put(type, row);
        });
        json.put("byType", byType);
        final Histogram sizes = stats.payloadSizes();
        if (sizes.getTotalCount() > 0) {
            final Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("min", sizes.getMinValue());
            payload.put("p50", sizes.getValueAtPercentile(50));
            payload.put("p99", sizes.getValueAtPercentile(99));
            payload.put("max", sizes.getMaxValue());
            payload.put("mean", sizes.getMean());
            json.put("payloadSize", payload);
        }
        json.put("problems", stats.problems());
        json.put("errors", stats.tally().errors());
        json.put("warnings", stats.tally().warnings());
        json.put("damage", stats.tally().problems().stream().map(DamageFormat::json).toList());
        return json;
    }
}

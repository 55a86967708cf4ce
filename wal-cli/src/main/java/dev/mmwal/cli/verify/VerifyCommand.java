package dev.mmwal.cli.verify;

import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.DamageFormat;
import dev.mmwal.cli.Json;
import dev.mmwal.cli.ProblemTally;
import dev.mmwal.cli.Units;
import dev.mmwal.cli.WriterLock;
import dev.mmwal.inspect.Damage;
import dev.mmwal.inspect.DamageMap;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.inspect.LogWalker;
import dev.mmwal.inspect.RecordView;
import dev.mmwal.inspect.Severity;
import dev.mmwal.inspect.WalkListener;
import dev.mmwal.inspect.WalkOptions;
import dev.mmwal.inspect.WalkResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code mmwal verify DIR}: checks every segment file (a regular file, name, size, header magic,
 * version, CRC, base LSN, a sealed end inside the segment and reached by its records, durable
 * points no further than the last segment) and every record (frame length bounds, lsn = position,
 * type, before-image length, CRC, and that a transaction's prevLsn points back at a record of the
 * same transaction), resuming after each damaged range so one run lists every problem. The walk
 * and its rules are {@link LogWalker}'s, the library's own.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check every segment header and record of a log; print one line per problem.",
        "Damage after the last durable point the segment headers record (a torn tail: what a crash leaves, and what the writer's recovery truncates) is a WARNING; damage inside the durable part is an ERROR.",
        "Reads the files read-only, without the writer's lock."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:clean", " 1:warnings only (a torn tail)", " 2:errors (damage inside the durable part, bad headers, missing segments)",
        "64:usage error", "66:directory missing or not a log"})
public final class VerifyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    private Path directory;

    @Override
    public Integer call() {
        final Checker checker;
        final WalkResult result;
        final long writer = WriterLock.holder(directory);
        try (InspectedLog log = InspectedLog.open(directory)) {
            checker = new Checker(log, json() ? null : out());
            if (!json()) {
                out().println("verifying " + directory + ": " + log.segments().size() + " segment(s) of " + Units.bytes(log.segmentSize())
                    + (writer != WriterLock.NONE ? ", a live writer holds the log (pid " + writer + "): records at the tail may be in flight" : ""));
            }
            final LogWalker walker = new LogWalker(log, WalkOptions.ALL, checker);
            checker.damage = walker.damageMap();
            result = walker.walk();
            report(log, checker, result, writer);
        }
        return checker.tally.exitCode();
    }

    private void report(final InspectedLog log, final Checker checker, final WalkResult result, final long writer) {
        final ProblemTally tally = checker.tally;
        if (json()) {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("dir", directory.toString());
            json.put("segmentSize", log.segmentSize());
            json.put("segments", log.segments().size());
            json.put("records", checker.records);
            json.put("paddingRecords", checker.padding);
            json.put("firstLsn", log.firstLsn());
            json.put("endLsn", result.endLsn());
            json.put("lastRecordEnd", result.lastRecordEnd());
            json.put("durableLsn", log.durableLsn());
            json.put("writerPid", writer == WriterLock.NONE ? null : writer);
            json.put("clean", tally.problems().isEmpty());
            json.put("errors", tally.errors());
            json.put("warnings", tally.warnings());
            json.put("damagedRanges", result.damageMap().ranges().stream().map(VerifyCommand::rangeJson).toList());
            json.put("problems", tally.problems().stream().map(DamageFormat::json).toList());
            out().println(Json.write(json));
            return;
        }
        final PrintWriter out = out();
        out.println(Units.count(checker.records) + " valid records (+" + checker.padding + " padding) in lsn [" + log.firstLsn() + ", "
            + Math.max(result.endLsn(), result.lastRecordEnd()) + "), durable up to lsn " + log.durableLsn() + " (recorded in segment headers)");
        if (result.lastRecordEnd() > result.endLsn()) {
            out.println("the log is valid without a break up to lsn " + result.endLsn() + "; valid records follow the damage up to lsn "
                + result.lastRecordEnd());
        }
        out.println("result: " + verdict(tally) + (writer != WriterLock.NONE && tally.errors() == 0 && tally.warnings() > 0
            ? " (a live writer is appending: records at the tail are still being written)" : ""));
    }

    private static String verdict(final ProblemTally tally) {
        if (tally.problems().isEmpty()) {
            return "clean";
        }
        final String counts = tally.errors() + " error(s), " + tally.warnings() + " warning(s)";
        return tally.errors() > 0
            ? counts + ": damage inside the durable part of the log, or in its structure"
            : counts + ": only damage after the last durable point the headers record (a torn tail); opening the log truncates it there";
    }

    private static Map<String, Object> rangeJson(final DamageMap.Range range) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("fromLsn", range.fromLsn());
        json.put("toLsn", range.toLsn());
        json.put("severity", range.severity());
        json.put("reason", range.reason());
        return json;
    }

    /** Counts records, checks transaction chains, and prints damage as it is found. */
    private static final class Checker implements WalkListener {
        private final TxnChainCheck chains;
        private final PrintWriter out;
        private final ProblemTally tally = new ProblemTally();
        /** The walker's map, to skip links into damage it already reported. */
        private DamageMap damage;
        private long records;
        private long padding;

        Checker(final InspectedLog log, final PrintWriter out) {
            this.chains = new TxnChainCheck(log);
            this.out = out;
        }

        @Override
        public boolean onRecord(final RecordView record) {
            if (record.isPadding()) {
                padding++;
                return true;
            }
            records++;
            final String chainProblem = chains.check(record, damage);
            if (chainProblem != null) {
                onDamage(new Damage(Severity.ERROR, record.segment().fileName(), record.offset(), record.lsn(), chainProblem));
            }
            return true;
        }

        @Override
        public void onDamage(final Damage found) {
            tally.add(found);
            if (out != null) {
                out.println(DamageFormat.line(found));
            }
        }
    }
}

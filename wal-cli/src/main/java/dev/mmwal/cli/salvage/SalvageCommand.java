package dev.mmwal.cli.salvage;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.CliException;
import dev.mmwal.cli.DamageFormat;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.Json;
import dev.mmwal.cli.SizeConverter;
import dev.mmwal.cli.Units;
import dev.mmwal.cli.WriterLock;
import dev.mmwal.inspect.DamageMap;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.inspect.LogWalker;
import dev.mmwal.inspect.WalkOptions;
import dev.mmwal.inspect.WalkResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code mmwal salvage SRC DST}: writes a new log at DST holding every valid record of SRC, in
 * order, and reports what it left behind: each damaged range (as {@code mmwal verify} reports it)
 * and the records of types a writer may not append. SRC is only read (mapped read-only, no lock);
 * DST is written through the public {@link Wal} API, so it is a log any reader opens. See
 * {@link Salvager} for what changes: the LSNs (prevLsn links are translated).
 */
@Command(name = "salvage", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Copy every valid record of a damaged log into a new log, and report what was skipped (like etcd's repair).",
        "Resumes after each damaged range, so records that follow damage are kept. The new log numbers its records afresh:",
        "prevLsn links are translated to the new LSNs; LSNs inside payloads are copied unchanged. SRC is never modified."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:every record copied: SRC had no damage", " 1:only a torn tail (after the last durable point) was left behind",
        " 2:damage inside the durable part was skipped, or records could not be copied", "64:usage error",
        "66:SRC missing or not a log", "73:DST exists and is not empty", "74:I/O error", "75:a writer holds SRC"})
public final class SalvageCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "The damaged log directory (read only).")
    private Path source;

    @Parameters(index = "1", paramLabel = "DST", description = "Where to write the new log: a directory that does not exist, or is empty.")
    private Path destination;

    @Option(names = "--segment-size", paramLabel = "SIZE", converter = SizeConverter.class,
        description = "Segment size of the new log (default: SRC's).")
    private Long segmentSize;

    @Override
    public Integer call() {
        checkDestination();
        final long writer = WriterLock.holder(source);
        if (writer != WriterLock.NONE) {
            throw new CliException(ExitCodes.LOCKED, "a writer holds the source log: dir=" + source + ", pid=" + writer
                + " (stop it first: salvage copies a log that no one is writing)");
        }
        try (InspectedLog log = InspectedLog.open(source)) {
            final PrintWriter text = json() ? null : out();
            final Salvager salvager;
            final WalkResult result;
            try (Wal target = Wal.open(WalConfig.builder(destination).segmentSize(segmentSize == null ? log.segmentSize() : segmentSize).build())) {
                salvager = new Salvager(target, damage -> {
                    if (text != null) {
                        text.println("skipped: " + DamageFormat.line(damage));
                    }
                });
                result = new LogWalker(log, WalkOptions.ALL, salvager).walk();
                if (salvager.lastNewLsn() >= 0) {
                    target.awaitDurable(salvager.lastNewLsn());
                }
            }
            report(log, salvager, result);
            return salvager.unwritable() > 0 ? ExitCodes.DAMAGED : salvager.tally().exitCode();
        }
    }

    private void checkDestination() {
        if (source.toAbsolutePath().normalize().equals(destination.toAbsolutePath().normalize())) {
            throw usageError("SRC and DST are the same directory: dir=" + source + " (salvage writes a new log and never modifies SRC)");
        }
        if (!Files.exists(destination)) {
            return;
        }
        if (!Files.isDirectory(destination)) {
            throw new CliException(ExitCodes.CANT_CREATE, "destination exists and is not a directory: dst=" + destination);
        }
        try (Stream<Path> entries = Files.list(destination)) {
            final long count = entries.count();
            if (count > 0) {
                throw new CliException(ExitCodes.CANT_CREATE, "destination is not empty: dst=" + destination + ", entries=" + count
                    + " (salvage writes a new log: name a new directory)");
            }
        } catch (final IOException ex) {
            throw new CliException(ExitCodes.IO_ERROR, "cannot list destination: dst=" + destination + ", cause=" + ex, ex);
        }
    }

    private void report(final InspectedLog log, final Salvager salvager, final WalkResult result) {
        final DamageMap damage = result.damageMap();
        final long skippedBytes = damage.ranges().stream().mapToLong(r -> r.toLsn() - r.fromLsn()).sum();
        if (json()) {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("source", source.toString());
            json.put("destination", destination.toString());
            json.put("copied", salvager.copied());
            json.put("copiedPayloadBytes", salvager.copiedPayloadBytes());
            json.put("errors", salvager.tally().errors());
            json.put("warnings", salvager.tally().warnings());
            json.put("skippedRanges", damage.ranges().stream().map(SalvageCommand::rangeJson).toList());
            json.put("skippedLogBytes", skippedBytes);
            json.put("unwritableRecords", salvager.unwritable());
            json.put("unwritableLsns", salvager.unwritableLsns());
            json.put("brokenPrevLsnLinks", salvager.brokenChains());
            json.put("problems", salvager.tally().problems().stream().map(DamageFormat::json).toList());
            out().println(Json.write(json));
            return;
        }
        final PrintWriter out = out();
        if (salvager.unwritable() > 0) {
            out.println("skipped: " + salvager.unwritable() + " record(s) of a type a writer may not append (reserved core codes), at lsn "
                + salvager.unwritableLsns() + (salvager.unwritable() > salvager.unwritableLsns().size() ? " ..." : ""));
        }
        out.println("copied " + Units.count(salvager.copied()) + " record(s), " + Units.bytes(salvager.copiedPayloadBytes()) + " of payload, from "
            + source + " to " + destination + " (" + Units.bytes(log.segmentSize()) + " segments in the source)");
        out.println("left behind: " + damage.ranges().size() + " damaged range(s), " + Units.bytes(skippedBytes) + " of log ("
            + salvager.tally().errors() + " error(s), " + salvager.tally().warnings() + " warning(s)); "
            + salvager.unwritable() + " record(s) of unwritable types");
        out.println("the new log numbers records afresh: prevLsn links translated, " + salvager.brokenChains()
            + " pointing at a record left behind (set to 0); LSNs inside payloads are unchanged");
    }

    private static Map<String, Object> rangeJson(final DamageMap.Range range) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("fromLsn", range.fromLsn());
        json.put("toLsn", range.toLsn());
        json.put("severity", range.severity());
        json.put("reason", range.reason());
        return json;
    }
}

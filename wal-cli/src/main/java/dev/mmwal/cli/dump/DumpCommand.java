package dev.mmwal.cli.dump;

import dev.mmwal.ReadBound;
import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.ExitCodes;
import dev.mmwal.cli.LsnConverter;
import dev.mmwal.cli.RecordTypeConverter;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.inspect.LogWalker;
import dev.mmwal.inspect.WalkOptions;
import dev.mmwal.inspect.WalkResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code mmwal dump DIR}: one line per record in LSN order. Reads the files directly (no lock,
 * nothing written), so it works beside a live writer and on damaged logs: a damaged record is
 * printed as a problem line, and the dump stops there unless {@code --skip-damaged}. With
 * {@code --follow} it tails the live log instead ({@link Follow}).
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print the records of a log, one line per record (like pg_waldump).",
        "Reads the segment files read-only, without the writer's lock: works beside a live writer and on damaged logs."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:no damage in the range dumped", " 1:stopped at a torn tail (after the last durable point)",
        " 2:stopped at damage inside the durable part", "64:usage error", "66:directory missing or not a log",
        "130:--follow ended by Ctrl-C (SIGINT)"})
public final class DumpCommand extends BaseCommand {
    /** How payload bytes are shown. */
    enum PayloadMode { hex, none }

    @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
    private Path directory;

    @Option(names = "--from", paramLabel = "LSN", converter = LsnConverter.class,
        description = "Start at the first record at or after this LSN (decimal or 0x-hex).")
    private long from;

    @Option(names = "--to", paramLabel = "LSN", converter = LsnConverter.class,
        description = "Stop before the first record at or after this LSN.")
    private long to = Long.MAX_VALUE;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", converter = RecordTypeConverter.class,
        description = "Only records of these types: DATA, PADDING, a name as printed (TXN(0x12), APP(0x41)) or a code (decimal or 0x hex); repeatable or comma-separated.")
    private List<Byte> types;

    @Option(names = "--txn", paramLabel = "ID", split = ",", description = "Only records of these transaction ids; repeatable or comma-separated.")
    private List<Long> txns;

    @Option(names = "--payload", paramLabel = "hex|none", description = "Print each payload in hex, or not at all (default: ${DEFAULT-VALUE}).")
    private PayloadMode payload = PayloadMode.none;

    @Option(names = {"-n", "--limit", "--max-records"}, paramLabel = "N", description = "Stop after N records (printed, after the filters).")
    private long limit = Long.MAX_VALUE;

    @Option(names = "--skip-damaged", description = "Report a damaged record and carry on at the next valid one, instead of stopping.")
    private boolean skipDamaged;

    @Option(names = {"-f", "--follow"}, description = {"Keep printing records as the writer adds them (like tail -f, pg_waldump --follow),",
        "until Ctrl-C, --to or --max-records. Durable records only, unless --published."})
    private boolean follow;

    @Option(names = "--published", description = "With --follow: print records once published, before they are durable (a crash can still take them back).")
    private boolean published;

    @Override
    public Integer call() {
        if (to < from) {
            throw usageError("--to is below --from: from=" + from + ", to=" + to);
        }
        if (limit < 1) {
            throw usageError("--limit must be at least 1: limit=" + limit);
        }
        if (published && !follow) {
            throw usageError("--published only applies with --follow (a dump reads every published record)");
        }
        if (follow && skipDamaged) {
            throw usageError("--skip-damaged does not apply with --follow (a tailer stops at damage: mmwal salvage copies what is valid)");
        }
        final Printer printer = new Printer(out(), json(), payload == PayloadMode.hex,
            types == null ? null : new TreeSet<>(types), txns == null ? null : new TreeSet<>(txns), limit);
        if (follow) {
            InspectedLog.requireDirectory(directory);
            new Follow(directory, from, to, published ? ReadBound.PUBLISHED : ReadBound.DURABLE, printer).run();
            return ExitCodes.OK;
        }
        final WalkResult result;
        try (InspectedLog log = InspectedLog.open(directory)) {
            result = new LogWalker(log, new WalkOptions(from, to, !skipDamaged), printer).walk();
        }
        printer.flush();
        if (result.stop() == WalkResult.Stop.DAMAGE) {
            err().println("mmwal dump: stopped at the first damaged record (--skip-damaged carries on past it; mmwal verify lists every problem)");
        }
        return printer.tally().exitCode();
    }
}

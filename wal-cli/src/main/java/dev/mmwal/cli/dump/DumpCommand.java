package dev.mmwal.cli.dump;

import dev.mmwal.cli.BaseCommand;
import dev.mmwal.cli.DamageFormat;
import dev.mmwal.cli.Json;
import dev.mmwal.cli.LsnConverter;
import dev.mmwal.cli.ProblemTally;
import dev.mmwal.cli.RecordTypeConverter;
import dev.mmwal.inspect.Damage;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.inspect.LogWalker;
import dev.mmwal.inspect.RecordView;
import dev.mmwal.inspect.WalkListener;
import dev.mmwal.inspect.WalkOptions;
import dev.mmwal.inspect.WalkResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code mmwal dump DIR}: one line per record in LSN order. Reads the files directly (no lock,
 * nothing written), so it works beside a live writer and on damaged logs: a damaged record is
 * printed as a problem line, and the dump stops there unless {@code --skip-damaged}.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print the records of a log, one line per record (like pg_waldump).",
        "Reads the segment files read-only, without the writer's lock: works beside a live writer and on damaged logs."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:no damage in the range dumped", " 1:stopped at a torn tail (after the last durable point)",
        " 2:stopped at damage inside the durable part", "64:usage error", "66:directory missing or not a log"})
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

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Stop after N records.")
    private long limit = Long.MAX_VALUE;

    @Option(names = "--skip-damaged", description = "Report a damaged record and carry on at the next valid one, instead of stopping.")
    private boolean skipDamaged;

    @Override
    public Integer call() {
        if (to < from) {
            throw usageError("--to is below --from: from=" + from + ", to=" + to);
        }
        if (limit < 1) {
            throw usageError("--limit must be at least 1: limit=" + limit);
        }
        final Printer printer = new Printer(out(), json(), payload == PayloadMode.hex,
            types == null ? null : new TreeSet<>(types), txns == null ? null : new TreeSet<>(txns), limit);
        final WalkResult result;
        try (InspectedLog log = InspectedLog.open(directory)) {
            result = new LogWalker(log, new WalkOptions(from, to, !skipDamaged), printer).walk();
        }
        out().flush();
        if (result.stop() == WalkResult.Stop.DAMAGE) {
            err().println("mmwal dump: stopped at the first damaged record (--skip-damaged carries on past it; mmwal verify lists every problem)");
        }
        return printer.tally.exitCode();
    }

    /** Prints what the scanner reports, applying the filters. */
    private static final class Printer implements WalkListener {
        private static final int PIPE_CHECK_INTERVAL = 256;

        private final PrintWriter out;
        private final boolean json;
        private final boolean payloadHex;
        private final Set<Byte> types;
        private final Set<Long> txns;
        private final long limit;
        private final ProblemTally tally = new ProblemTally();
        private long printed;

        Printer(final PrintWriter out, final boolean json, final boolean payloadHex, final Set<Byte> types, final Set<Long> txns, final long limit) {
            this.out = out;
            this.json = json;
            this.payloadHex = payloadHex;
            this.types = types;
            this.txns = txns;
            this.limit = limit;
        }

        @Override
        public boolean onRecord(final RecordView record) {
            if (types != null && !types.contains(record.type()) || txns != null && !txns.contains(record.txnId())) {
                return true;
            }
            out.println(json ? Json.write(RecordFormat.json(record, payloadHex)) : RecordFormat.text(record, payloadHex));
            printed++;
            if (printed % PIPE_CHECK_INTERVAL == 0 && out.checkError()) {
                return false; // the reader went away (dump | head)
            }
            return printed < limit;
        }

        @Override
        public void onDamage(final Damage damage) {
            tally.add(damage);
            if (json) {
                final Map<String, Object> line = new LinkedHashMap<>();
                line.put("kind", "problem");
                line.putAll(DamageFormat.json(damage));
                out.println(Json.write(line));
            } else {
                out.println(DamageFormat.line(damage));
            }
        }
    }
}

package dev.mmwal.cli;

import dev.mmwal.WalCorruptionException;
import dev.mmwal.WalException;
import dev.mmwal.cli.demo.DemoCommand;
import dev.mmwal.cli.doctor.DoctorCommand;
import dev.mmwal.cli.dump.DumpCommand;
import dev.mmwal.cli.recover.RecoverCommand;
import dev.mmwal.cli.salvage.SalvageCommand;
import dev.mmwal.cli.stat.StatCommand;
import dev.mmwal.cli.stats.StatsCommand;
import dev.mmwal.cli.verify.VerifyCommand;
import dev.mmwal.inspect.InspectException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mmwal} command. {@link #execute} runs it in-process (tests do); {@link #main} is the
 * jar's entry point. Every failure ends as one line on stderr and an exit code from {@link ExitCodes};
 * with {@code --json} the line is a JSON object on stdout instead:
 * {@code {"error":"...","exitCode":66,"command":"mmwal dump"}}.
 */
@Command(name = "mmwal", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Inspect, check and exercise an mmwal write-ahead log.",
    subcommands = {DumpCommand.class, VerifyCommand.class, StatsCommand.class, StatCommand.class, SalvageCommand.class, DoctorCommand.class, DemoCommand.class,
        RecoverCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        " 0:clean / done",
        " 1:warnings only: a torn tail after the last durable point",
        " 2:damage in the durable part of the log (salvage: records left behind); demo: an acknowledged commit was lost",
        "64:usage error",
        "66:directory missing or not a log",
        "70:internal error",
        "73:salvage: the destination exists and is not empty",
        "74:I/O error",
        "75:log locked by a writer"})
public final class MmwalCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: dump, verify, stats, stat, salvage, doctor, recover or demo");
    }

    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, System.out.charset())));
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        final int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command with the given streams and returns its exit code. */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args) {
        final CommandLine commandLine = new CommandLine(new MmwalCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(MmwalCommand::onUsageError);
        commandLine.setExecutionExceptionHandler(MmwalCommand::onFailure);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int onUsageError(final CommandLine.ParameterException ex, final String[] args) {
        final CommandLine command = ex.getCommandLine();
        final String name = command.getCommandSpec().qualifiedName();
        if (wantsJson(Arrays.asList(args))) {
            return printJsonError(command, name, ex.getMessage(), ExitCodes.USAGE);
        }
        final PrintWriter err = command.getErr();
        err.println(name + ": " + ex.getMessage());
        err.println("Try '" + name + " --help' for more information.");
        return ExitCodes.USAGE;
    }

    private static int onFailure(final Exception ex, final CommandLine command, final CommandLine.ParseResult parseResult) {
        command.getOut().flush();
        final String name = command.getCommandSpec().qualifiedName();
        final int code = exitCode(ex);
        if (wantsJson(parseResult.originalArgs())) {
            printJsonError(command, name, message(ex), code);
        } else {
            command.getErr().println(name + ": " + message(ex));
        }
        if (System.getenv("MMWAL_DEBUG") != null) {
            ex.printStackTrace(command.getErr());
        }
        return code;
    }

    /** Whether {@code --json} was among the arguments (before a {@code --} that ends the options). */
    private static boolean wantsJson(final List<String> args) {
        for (final String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** The error as one JSON line on stdout, where a script reading {@code --json} output looks. */
    private static int printJsonError(final CommandLine command, final String name, final String message, final int exitCode) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", message);
        json.put("exitCode", exitCode);
        json.put("command", name);
        command.getOut().println(Json.write(json));
        command.getOut().flush();
        return exitCode;
    }

    static int exitCode(final Throwable ex) {
        return switch (ex) {
            case CliException cli -> cli.exitCode();
            case InspectException inspect -> switch (inspect.reason()) {
                case NO_DIRECTORY, NOT_A_LOG -> ExitCodes.NO_INPUT;
                case UNKNOWN_SEGMENT_SIZE -> ExitCodes.DAMAGED;
                case IO -> ExitCodes.IO_ERROR;
            };
            case WalCorruptionException _ -> ExitCodes.DAMAGED;
            case WalException wal when isLocked(wal) -> ExitCodes.LOCKED;
            case WalException wal when wal.getMessage() != null && (wal.getMessage().startsWith("log directory does not exist")
                || wal.getMessage().startsWith("not a log directory")) -> ExitCodes.NO_INPUT;
            case WalException _ -> ExitCodes.IO_ERROR;
            case IOException _ -> ExitCodes.IO_ERROR;
            case UncheckedIOException _ -> ExitCodes.IO_ERROR;
            default -> ExitCodes.SOFTWARE;
        };
    }

    /** The messages {@code Wal.open} gives when another writer holds the directory. */
    public static boolean isLocked(final WalException ex) {
        final String message = ex.getMessage();
        return message != null && (message.contains("locked by another writer") || message.contains("already open for writing"));
    }

    private static String message(final Throwable ex) {
        if (ex instanceof CliException || ex instanceof WalException || ex instanceof IOException || ex instanceof UncheckedIOException) {
            return ex.getMessage();
        }
        return "internal error: " + ex + " (set MMWAL_DEBUG=1 for the stack trace)";
    }
}

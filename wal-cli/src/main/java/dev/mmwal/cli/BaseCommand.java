package dev.mmwal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every subcommand shares: the {@code --json} switch and the output streams picocli was given. */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    private boolean json;

    protected final boolean json() {
        return json;
    }

    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** An error in the options: printed as one line plus a pointer to {@code --help}, exit 64. */
    protected final CommandLine.ParameterException usageError(final String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

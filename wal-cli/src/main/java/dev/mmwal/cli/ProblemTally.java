package dev.mmwal.cli;

import dev.mmwal.cli.scan.Problem;
import dev.mmwal.cli.scan.Severity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects the problems a scan reports and turns the worst one into an exit code. */
public final class ProblemTally {
    private final List<Problem> problems = new ArrayList<>();
    private long errors;
    private long warnings;

    public void add(final Problem problem) {
        problems.add(problem);
        if (problem.severity() == Severity.ERROR) {
            errors++;
        } else {
            warnings++;
        }
    }

    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public long errors() {
        return errors;
    }

    public long warnings() {
        return warnings;
    }

    /** {@link ExitCodes#DAMAGED} with any error, {@link ExitCodes#WARNINGS} with only warnings, else {@link ExitCodes#OK}. */
    public int exitCode() {
        return errors > 0 ? ExitCodes.DAMAGED : warnings > 0 ? ExitCodes.WARNINGS : ExitCodes.OK;
    }
}

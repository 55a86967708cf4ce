package dev.mmwal.cli;

import dev.mmwal.inspect.Damage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects the damage a walk reports and turns the worst into an exit code. */
public final class ProblemTally {
    private final List<Damage> problems = new ArrayList<>();
    private long errors;
    private long warnings;

    public void add(final Damage damage) {
        problems.add(damage);
        if (damage.isError()) {
            errors++;
        } else {
            warnings++;
        }
    }

    public List<Damage> problems() {
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

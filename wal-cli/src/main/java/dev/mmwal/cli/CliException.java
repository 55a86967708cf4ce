package dev.mmwal.cli;

import java.io.Serial;

/** A failure the user can act on: printed as one line, exits with {@link #exitCode()}. */
public final class CliException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(final int exitCode, final String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(final int exitCode, final String message, final Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

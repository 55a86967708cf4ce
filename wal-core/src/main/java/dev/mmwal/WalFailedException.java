package dev.mmwal;

/**
 * The log is in the terminal FAILED state: a sync, write or mapped-memory access failed, so no
 * further record can be acknowledged as durable. Reopen the directory to recover what was durable.
 */
public class WalFailedException extends WalException {
    private static final long serialVersionUID = 1L;

    /**
     * The failure that made the log terminal.
     *
     * @param message what failed: {@code what: key=value, ...}.
     * @param cause   the fault that failed the log.
     */
    public WalFailedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

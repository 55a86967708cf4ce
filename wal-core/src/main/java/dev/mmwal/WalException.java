package dev.mmwal;

/** A fault in the log. Messages read {@code what happened: key=value, ...}. */
public class WalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A fault without an underlying exception.
     *
     * @param message what happened: {@code what: key=value, ...}.
     */
    public WalException(final String message) {
        super(message);
    }

    /**
     * A fault caused by another exception.
     *
     * @param message what happened: {@code what: key=value, ...}.
     * @param cause   the underlying failure.
     */
    public WalException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

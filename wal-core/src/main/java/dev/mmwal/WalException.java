package dev.mmwal;

/** A fault in the log. Messages read {@code what happened: key=value, ...}. */
public class WalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WalException(final String message) {
        super(message);
    }

    public WalException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

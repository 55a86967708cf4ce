package dev.mmwal;

/** The log was closed. */
public class WalClosedException extends WalException {
    private static final long serialVersionUID = 1L;

    /**
     * A call on a closed log.
     *
     * @param message what was attempted: {@code what: key=value, ...}.
     */
    public WalClosedException(final String message) {
        super(message);
    }
}

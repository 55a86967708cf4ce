package dev.mmwal;

/** The log was closed. */
public class WalClosedException extends WalException {
    private static final long serialVersionUID = 1L;

    public WalClosedException(final String message) {
        super(message);
    }
}

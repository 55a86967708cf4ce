package dev.mmwal.consumer;

/**
 * A consumer-store operation failed: bad input, an interpreter that threw, files of another store,
 * or the log beneath failed. The message names what and why ({@code what: key=value, ...}). When
 * a persist throws this, nothing of it was written unless the log itself failed (then the log is
 * fail-stop: reopen, and a retry of the same message is applied at most once).
 */
public class ConsumerStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConsumerStoreException(final String message) {
        super(message);
    }

    public ConsumerStoreException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

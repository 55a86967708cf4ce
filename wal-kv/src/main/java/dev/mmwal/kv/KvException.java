package dev.mmwal.kv;

/** A fault of the store: bad input it refused (nothing applied), a damaged or foreign file, an I/O failure. */
public class KvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KvException(final String message) {
        super(message);
    }

    public KvException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

package dev.mmwal.inspect;

import dev.mmwal.WalException;

/**
 * An {@link InspectedLog} could not be opened at all (damage it can open past is reported as
 * {@link Damage} instead). The {@link Reason} lets a tool choose its exit status without parsing
 * the message.
 */
public final class InspectException extends WalException {
    private static final long serialVersionUID = 1L;

    /** Why the log could not be opened. */
    public enum Reason {
        /** The path does not exist or is not a directory. */
        NO_DIRECTORY,
        /** The directory holds no segment file that could be mapped. */
        NOT_A_LOG,
        /** No intact segment header and no file size tells the segment size, so no record can be found. */
        UNKNOWN_SEGMENT_SIZE,
        /** An I/O error while listing or mapping. */
        IO
    }

    /** Why the log could not be opened. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why.
     * @param message {@code what: key=value, ...}.
     * @param cause   the underlying error, or null.
     */
    public InspectException(final Reason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Why the log could not be opened.
     *
     * @return the reason given at construction.
     */
    public Reason reason() {
        return reason;
    }
}

package dev.mmwal;

/** Bytes on disk that are not a valid part of the log: a bad header, CRC, length or LSN. */
public class WalCorruptionException extends WalException {
    private static final long serialVersionUID = 1L;

    /**
     * Damage found in a file of the log.
     *
     * @param message what is damaged: {@code what: key=value, ...}.
     */
    public WalCorruptionException(final String message) {
        super(message);
    }
}

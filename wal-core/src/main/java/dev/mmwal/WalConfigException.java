package dev.mmwal;

/**
 * The configuration conflicts with what is on disk: an explicit segment size other than the one
 * the log was created with, {@code errorIfExists} on an existing log, {@code createIfMissing(false)}
 * where there is no log, a directory that holds other files and no log. Nothing was changed on disk.
 *
 * <p>A {@link WalException}, not an {@link IllegalArgumentException}: each setting is valid on its
 * own ({@link WalConfig.Builder#build()} rejects invalid ones with {@code IllegalArgumentException}
 * before any I/O); only the directory's contents, found when {@link Wal#open} looks at them, make
 * it wrong, and every failure to open a log is a {@code WalException}.
 */
public class WalConfigException extends WalException {
    private static final long serialVersionUID = 1L;

    /**
     * A configuration that conflicts with the directory.
     *
     * @param message what conflicts, naming both values ({@code what: key=value, ...}).
     */
    public WalConfigException(final String message) {
        super(message);
    }
}

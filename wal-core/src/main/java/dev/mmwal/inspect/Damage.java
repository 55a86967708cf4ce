package dev.mmwal.inspect;

/**
 * One thing wrong in a log: a segment file, a header, a record, or a range of the log.
 *
 * @param severity {@link Severity#ERROR} or {@link Severity#WARNING}.
 * @param file     the segment file's name, or null when no single file is concerned.
 * @param offset   the byte offset in that file, or -1.
 * @param lsn      the LSN where the damage starts, or -1 when it has none (a file-level problem).
 * @param message  what is wrong, with the values found: {@code what: key=value, ...}.
 */
public record Damage(Severity severity, String file, long offset, long lsn, String message) {
    /**
     * Checks that the severity and message are present.
     *
     * @throws IllegalArgumentException when severity or message is missing.
     */
    public Damage {
        if (severity == null || message == null) {
            throw new IllegalArgumentException("damage needs a severity and a message: severity=" + severity + ", message=" + message);
        }
    }

    /**
     * Whether this damage is an error rather than a warning.
     *
     * @return true for {@link Severity#ERROR}.
     */
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}

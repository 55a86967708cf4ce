package dev.mmwal.stress.corruption;

import java.util.List;

/**
 * What opening and reading a damaged log did. {@code records} are the user records read (indexes
 * into {@link SeedLog#users}) before the end or the exception.
 */
record Outcome(Kind kind, List<Integer> records, String detail) {
    enum Kind {
        /** Opened; a reader returned records and then reached the end. */
        OPEN_PREFIX,
        /** Opened; a reader returned records and then threw {@code WalCorruptionException}. */
        OPEN_READ_CORRUPTION,
        /** {@code Wal.open} threw {@code WalCorruptionException}. */
        OPEN_FAILS_CORRUPTION,
        /** Anything else: another exception type, a record that was never written, a hang. */
        UNEXPECTED
    }

    static Outcome unexpected(final String detail) {
        return new Outcome(Kind.UNEXPECTED, List.of(), detail);
    }

    @Override
    public String toString() {
        return kind + "(" + records.size() + " records" + (detail == null ? "" : ", " + detail) + ")";
    }
}

package dev.mmwal.format;

/**
 * Record type codes stored in the header's {@code type} byte. Codes are part of the on-disk
 * format: never renumber one.
 */
public final class RecordType {
    /** An application record outside any transaction. */
    public static final byte DATA = 1;
    public static final byte BEGIN = 2;
    /** A change to a page: before image then after image in the payload. */
    public static final byte UPDATE = 3;
    public static final byte COMMIT = 4;
    public static final byte ABORT = 5;
    /** Compensation log record written while undoing an update. */
    public static final byte CLR = 6;
    public static final byte END = 7;
    public static final byte CHECKPOINT_BEGIN = 8;
    public static final byte CHECKPOINT_END = 9;
    /** Fills a segment's tail, or an aborted claim: readers skip it. Its body is not checksummed. */
    public static final byte PADDING = 10;

    private static final String[] NAMES = {
        "INVALID", "DATA", "BEGIN", "UPDATE", "COMMIT", "ABORT", "CLR", "END",
        "CHECKPOINT_BEGIN", "CHECKPOINT_END", "PADDING",
    };

    private RecordType() {
    }

    public static boolean isValid(final byte type) {
        return type >= DATA && type <= PADDING;
    }

    /** Records the application wrote, as opposed to padding. */
    public static boolean isUserRecord(final byte type) {
        return type >= DATA && type < PADDING;
    }

    public static String name(final byte type) {
        return isValid(type) ? NAMES[type] : "UNKNOWN(" + (type & 0xFF) + ")";
    }

    /** Parses a name as printed by {@link #name(byte)}; case-insensitive. */
    public static byte parse(final String name) {
        for (byte code = DATA; code <= PADDING; code++) {
            if (NAMES[code].equalsIgnoreCase(name)) {
                return code;
            }
        }
        throw new IllegalArgumentException("unknown record type: name=" + name);
    }
}

package dev.mmwal.consumer.format;

/**
 * What a consumer-store record says, stored in the payload header's {@code kind} byte. Codes are
 * part of the on-disk format: never renumber one.
 */
public final class RecordKind {
    /** The store's identity: service name in the client field, interpreter id in the data. */
    public static final byte META = 1;
    /** One persisted message: its data is merged into the client's state on replay. */
    public static final byte ENTRY = 2;
    /** The client's whole merged state and max id: replay starts the client here. */
    public static final byte SNAPSHOT = 3;
    /** The client's state and ids removed: replay forgets everything of the client before it. */
    public static final byte CLEAR = 4;

    private static final String[] NAMES = {"INVALID", "META", "ENTRY", "SNAPSHOT", "CLEAR"};

    private RecordKind() {
    }

    public static boolean isValid(final byte kind) {
        return kind >= META && kind <= CLEAR;
    }

    public static String name(final byte kind) {
        return isValid(kind) ? NAMES[kind] : "UNKNOWN(" + (kind & 0xFF) + ")";
    }
}

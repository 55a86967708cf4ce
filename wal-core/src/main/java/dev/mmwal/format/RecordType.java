package dev.mmwal.format;

/**
 * Record type codes stored in the header's {@code type} byte, in ranges owned by layers (format
 * version 3). Codes are part of the on-disk format: never renumber one.
 *
 * <pre>
 *   0x00        not a type: a record never has it
 *   0x01..0x0F  core         DATA (0x01), PADDING (0x0A); the rest reserved for the core
 *   0x10..0x3F  transactions owned by wal-txn (BEGIN, UPDATE, COMMIT, ABORT, CLR, END, checkpoints)
 *   0x40..0xFF  application  free for the embedding application
 * </pre>
 *
 * Every code but 0 and the core codes no version defines (0x0B..0x0F) is a valid type: a reader
 * hands every such record to its caller, and a tool names a code it has no name for by its range and
 * value ({@code TXN(0x12)}), so a log written by a newer layer stays readable. Applications may append {@link #DATA}, transaction-range and
 * application-range codes; the core writes {@link #PADDING} and keeps the other core codes.
 *
 * <p>Format version 2 had no ranges: codes 2..9 named transaction records (BEGIN..CHECKPOINT_END).
 * In a version-2 segment they read as reserved core codes; a version-3 writer never writes them.
 */
public final class RecordType {
    /** An application record outside any transaction. */
    public static final byte DATA = 0x01;
    /** Fills a segment's tail, or an aborted claim: readers skip it. Its body is not checksummed. */
    public static final byte PADDING = 0x0A;

    /** First code of the core's range. */
    public static final int CORE_FIRST = 0x01;
    /** Last code of the core's range. */
    public static final int CORE_LAST = 0x0F;
    /** First code of the transaction layer's range (wal-txn). */
    public static final int TXN_FIRST = 0x10;
    /** Last code of the transaction layer's range (wal-txn). */
    public static final int TXN_LAST = 0x3F;
    /** First code of the application's range. */
    public static final int APPLICATION_FIRST = 0x40;
    /** Last code of the application's range. */
    public static final int APPLICATION_LAST = 0xFF;

    private RecordType() {
    }

    /** First and last core code no format version defines: damage wherever they appear. */
    private static final int CORE_UNDEFINED_FIRST = 0x0B;

    /**
     * True for every code a record may carry: all but 0 and the core codes no version defines
     * (0x0B..0x0F). The core owns its range and knows every code in it; the other ranges belong to
     * layers that validate their own codes.
     *
     * @param type a type code.
     * @return true when a record may carry it.
     */
    public static boolean isValid(final byte type) {
        final int code = type & 0xFF;
        return code != 0 && (code < CORE_UNDEFINED_FIRST || code > CORE_LAST);
    }

    /**
     * Whether a code marks a record written by an application or a layer above the core, as
     * opposed to padding.
     *
     * @param type a type code.
     * @return false for 0 and {@link #PADDING}, else true.
     */
    public static boolean isUserRecord(final byte type) {
        return type != 0 && type != PADDING;
    }

    /**
     * Whether {@code Wal.append} and {@code AppendClaim.type} accept a code.
     *
     * @param type a type code.
     * @return true for DATA, the transaction range and the application range.
     */
    public static boolean isWritable(final byte type) {
        return type == DATA || (type & 0xFF) >= TXN_FIRST;
    }

    /**
     * Whether a code lies in the transaction layer's range.
     *
     * @param type a type code.
     * @return true for {@link #TXN_FIRST} to {@link #TXN_LAST}.
     */
    public static boolean isTransaction(final byte type) {
        final int code = type & 0xFF;
        return code >= TXN_FIRST && code <= TXN_LAST;
    }

    /**
     * Whether a code lies in the application's range.
     *
     * @param type a type code.
     * @return true for {@link #APPLICATION_FIRST} and above.
     */
    public static boolean isApplication(final byte type) {
        return (type & 0xFF) >= APPLICATION_FIRST;
    }

    /**
     * A printable name for a type code.
     *
     * @param type a type code.
     * @return {@code DATA}, {@code PADDING}, or the range and code in hex: {@code CORE(0x03)},
     *         {@code TXN(0x12)}, {@code APP(0x41)}, {@code INVALID(0x00)}.
     */
    public static String name(final byte type) {
        if (type == DATA) {
            return "DATA";
        }
        if (type == PADDING) {
            return "PADDING";
        }
        final String code = String.format("(0x%02X)", type & 0xFF);
        if (type == 0) {
            return "INVALID" + code;
        }
        return (isTransaction(type) ? "TXN" : isApplication(type) ? "APP" : "CORE") + code;
    }

    /**
     * Parses a name as printed by {@link #name(byte)} (case-insensitive), or a bare code in decimal
     * or {@code 0x} hex.
     *
     * @param name the name or code.
     * @return the type code.
     * @throws IllegalArgumentException when it names no code from 1 to 255.
     */
    public static byte parse(final String name) {
        final String text = name.strip();
        if (text.equalsIgnoreCase("DATA")) {
            return DATA;
        }
        if (text.equalsIgnoreCase("PADDING")) {
            return PADDING;
        }
        final int open = text.indexOf('(');
        final String code = open >= 0 && text.endsWith(")") ? text.substring(open + 1, text.length() - 1) : text;
        try {
            final int value = code.toLowerCase(java.util.Locale.ROOT).startsWith("0x") ? Integer.parseInt(code.substring(2), 16) : Integer.parseInt(code);
            if (value >= 1 && value <= 0xFF) {
                return (byte)value;
            }
        } catch (final NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("unknown record type: name=" + name + ", expected=DATA, PADDING, a code 1..255 or a name like TXN(0x12)");
    }
}

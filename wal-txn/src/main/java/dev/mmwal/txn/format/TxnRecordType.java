package dev.mmwal.txn.format;

/**
 * The record type codes the transaction layer writes, in the transactions range 0x10-0x3F of
 * format version 3 ({@code dev.mmwal.format.RecordType#TXN_FIRST}..{@code TXN_LAST}); 0x18-0x3F
 * stay free for this layer. Codes are part of the on-disk format: never renumber one.
 *
 * <ul>
 *   <li>{@link #UPDATE}: a change to a page; payload = before image ({@code beforeLength} bytes)
 *   then after image.</li>
 *   <li>{@link #COMMIT}: the transaction committed; terminal (no END follows).</li>
 *   <li>{@link #ABORT}: rollback began; CLRs follow, then END.</li>
 *   <li>{@link #CLR}: compensation for one undone UPDATE; payload = {@link ClrDescriptor}
 *   sub-header then the redo image (the undone update's before image); {@code beforeLength} 0.
 *   Redone, never undone.</li>
 *   <li>{@link #END}: a rolled-back transaction is finished.</li>
 *   <li>{@link #CHECKPOINT_BEGIN}, {@link #CHECKPOINT_END}: a fuzzy checkpoint; END's payload is a
 *   {@link CheckpointDescriptor} and its {@code prevLsn} is its BEGIN's LSN.</li>
 *   <li>{@link #BEGIN}: reserved; the layer writes none (a transaction's first record starts its
 *   chain with {@code prevLsn} 0), analysis accepts it.</li>
 * </ul>
 */
public final class TxnRecordType {
    public static final byte BEGIN = 0x10;
    public static final byte UPDATE = 0x11;
    public static final byte COMMIT = 0x12;
    public static final byte ABORT = 0x13;
    public static final byte CLR = 0x14;
    public static final byte END = 0x15;
    public static final byte CHECKPOINT_BEGIN = 0x16;
    public static final byte CHECKPOINT_END = 0x17;

    private TxnRecordType() {
    }

    /** True for the codes this layer reads; every other record in the log is not its business. */
    public static boolean isTxnRecord(final byte type) {
        return type == BEGIN || type == UPDATE || type == COMMIT || type == ABORT || type == CLR || type == END
            || type == CHECKPOINT_BEGIN || type == CHECKPOINT_END;
    }

    /** Records that change a page: redo applies them. */
    public static boolean changesPage(final byte type) {
        return type == UPDATE || type == CLR;
    }

    public static String name(final byte type) {
        if (type == BEGIN) {
            return "BEGIN";
        } else if (type == UPDATE) {
            return "UPDATE";
        } else if (type == COMMIT) {
            return "COMMIT";
        } else if (type == ABORT) {
            return "ABORT";
        } else if (type == CLR) {
            return "CLR";
        } else if (type == END) {
            return "END";
        } else if (type == CHECKPOINT_BEGIN) {
            return "CHECKPOINT_BEGIN";
        } else if (type == CHECKPOINT_END) {
            return "CHECKPOINT_END";
        }
        return "UNKNOWN(" + (type & 0xFF) + ")";
    }
}

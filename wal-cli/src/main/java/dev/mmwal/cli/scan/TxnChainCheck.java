package dev.mmwal.cli.scan;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.internal.log.RecordValidator;

import java.lang.foreign.MemorySegment;

/**
 * Checks a record's {@code prevLsn}: within a transaction it must point backwards, at a valid
 * record of the same transaction. The LSN is the position, so the check reads the record it points
 * at directly from the mapping. Links into segments already truncated away, or into damage the scan reported, are not checked.
 */
public final class TxnChainCheck {
    private final MappedLog log;

    public TxnChainCheck(final MappedLog log) {
        this.log = log;
    }

    /**
     * The problem with {@code record}'s back link, or null when it is sound, not part of a
     * transaction, or points into {@code damage} already reported.
     */
    public String check(final RecordView record, final DamageMap damage) {
        final long txnId = record.txnId();
        final long prevLsn = record.prevLsn();
        if (txnId == 0 || prevLsn == 0) {
            return null;
        }
        final String where = ": prevLsn=" + prevLsn + ", txnId=" + txnId;
        if (prevLsn >= record.lsn()) {
            return "prevLsn does not point backwards" + where;
        }
        if (prevLsn < log.firstLsn() || damage.contains(prevLsn)) {
            return null;
        }
        final SegmentInfo segment = log.segmentAt(prevLsn);
        if (segment == null) {
            return "prevLsn points into a segment missing from the log" + where;
        }
        final MemorySegment memory = segment.memory();
        final long offset = prevLsn - segment.baseLsn();
        if (offset < SegmentDescriptor.HEADER_LENGTH || offset + RecordDescriptor.HEADER_LENGTH > Math.min(memory.byteSize(), log.segmentSize())) {
            return "prevLsn is not a record start" + where;
        }
        final int code = RecordValidator.check(memory, offset, prevLsn);
        if (code <= 0) {
            return "prevLsn does not point at a valid record" + where + ", problem=" + RecordValidator.describe(code);
        }
        if (RecordDescriptor.type(memory, offset) == RecordType.PADDING) {
            return "prevLsn points at padding" + where;
        }
        final long prevTxnId = RecordDescriptor.txnId(memory, offset);
        if (prevTxnId != txnId) {
            return "prevLsn points at a record of another transaction" + where + ", prevTxnId=" + prevTxnId;
        }
        return null;
    }
}

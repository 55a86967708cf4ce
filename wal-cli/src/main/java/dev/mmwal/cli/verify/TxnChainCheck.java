package dev.mmwal.cli.verify;

import dev.mmwal.format.RecordType;
import dev.mmwal.inspect.DamageMap;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.inspect.RecordValidation;
import dev.mmwal.inspect.RecordView;
import dev.mmwal.inspect.SegmentView;

/**
 * Checks a record's {@code prevLsn}: within a transaction it must point backwards, at a valid
 * record of the same transaction. The LSN is the position, so the check reads the record it points
 * at directly from the mapping. Links into segments already truncated away, or into damage the
 * walk reported, are not checked. Single-threaded, like the walk it follows.
 */
final class TxnChainCheck {
    private final InspectedLog log;
    private final RecordView target = new RecordView();

    TxnChainCheck(final InspectedLog log) {
        this.log = log;
    }

    /**
     * The problem with {@code record}'s back link, or null when it is sound, not part of a
     * transaction, or points into {@code damage} already reported.
     */
    String check(final RecordView record, final DamageMap damage) {
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
        final SegmentView segment = log.segmentAt(prevLsn);
        if (segment == null) {
            return "prevLsn points into a segment missing from the log" + where;
        }
        if (!segment.canHoldRecordAt(prevLsn)) {
            return "prevLsn is not a record start" + where;
        }
        final int code = RecordValidation.check(segment, prevLsn);
        if (!RecordValidation.isValid(code)) {
            return "prevLsn does not point at a valid record" + where + ", problem=" + RecordValidation.describe(code);
        }
        target.wrap(segment, prevLsn, code);
        if (target.type() == RecordType.PADDING) {
            return "prevLsn points at padding" + where;
        }
        if (target.txnId() != txnId) {
            return "prevLsn points at a record of another transaction" + where + ", prevTxnId=" + target.txnId();
        }
        return null;
    }
}

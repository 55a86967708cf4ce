package dev.mmwal.cli.demo;

import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalReader;
import dev.mmwal.format.RecordType;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One demo transaction, derived entirely from its id so a verifier can rebuild it: BEGIN, one to
 * four UPDATEs of a page (before image then after image of the same bytes), and COMMIT, chained
 * through {@code prevLsn}. Appending it writes exactly what {@link #verify} expects to read back.
 */
final class Transaction {
    private static final int MAX_UPDATES = 4;
    private static final int PAGES = 10_000;
    private static final int PAGE_SIZE = 8192;
    private static final int MAX_IMAGE = 240;
    private static final long MIX = 0x9E37_79B9_7F4A_7C15L;

    private final long txnId;
    private final long[] pageIds;
    private final int[] pageOffsets;
    private final byte[][] payloads;
    private final byte[] beginPayload;
    private final byte[] commitPayload;

    Transaction(final long txnId) {
        this.txnId = txnId;
        final SplittableRandom random = new SplittableRandom(txnId * MIX);
        final int updates = 1 + random.nextInt(MAX_UPDATES);
        pageIds = new long[updates];
        pageOffsets = new int[updates];
        payloads = new byte[updates][];
        for (int i = 0; i < updates; i++) {
            pageIds[i] = random.nextInt(PAGES);
            final int image = 16 + random.nextInt(MAX_IMAGE - 16);
            pageOffsets[i] = random.nextInt(PAGE_SIZE - image);
            payloads[i] = new byte[2 * image];
            random.nextBytes(payloads[i]);
        }
        beginPayload = longBytes(txnId);
        commitPayload = Arrays.copyOf(longBytes(txnId), 16);
        commitPayload[8] = (byte)updates;
    }

    long txnId() {
        return txnId;
    }

    /** BEGIN plus the updates; then one more record, the COMMIT. */
    int records() {
        return payloads.length + 2;
    }

    /** Appends BEGIN and the UPDATEs (published, not yet durable); returns the last one's LSN. */
    long appendBody(final Wal wal) {
        long prev = wal.append(DemoRecordType.BEGIN, txnId, 0, 0, (byte)0, 0, 0, MemorySegment.ofArray(beginPayload), 0, beginPayload.length);
        for (int i = 0; i < payloads.length; i++) {
            final byte[] payload = payloads[i];
            prev = wal.append(DemoRecordType.UPDATE, txnId, prev, pageIds[i], (byte)0, pageOffsets[i], payload.length / 2,
                MemorySegment.ofArray(payload), 0, payload.length);
        }
        return prev;
    }

    /** Appends the COMMIT after {@code lastLsn}; returns its LSN (the caller waits for it to be durable). */
    long appendCommit(final Wal wal, final long lastLsn) {
        return wal.append(DemoRecordType.COMMIT, txnId, lastLsn, 0, (byte)0, 0, 0, MemorySegment.ofArray(commitPayload), 0, commitPayload.length);
    }

    /**
     * Reads the transaction back from its COMMIT at {@code commitLsn}, following {@code prevLsn}
     * to BEGIN, and compares every header field and payload byte.
     *
     * @return null when every record is intact, else what differs.
     */
    String verify(final WalReader reader, final LogRecord record, final long commitLsn) {
        String problem = check(reader, record, commitLsn, DemoRecordType.COMMIT, 0, 0, 0, commitPayload);
        if (problem != null) {
            return problem;
        }
        for (int i = payloads.length - 1; i >= 0; i--) {
            problem = check(reader, record, record.prevLsn(), DemoRecordType.UPDATE, pageIds[i], pageOffsets[i], payloads[i].length / 2, payloads[i]);
            if (problem != null) {
                return problem;
            }
        }
        problem = check(reader, record, record.prevLsn(), DemoRecordType.BEGIN, 0, 0, 0, beginPayload);
        if (problem == null && record.prevLsn() != 0) {
            return "BEGIN has a prevLsn: txnId=" + txnId + ", prevLsn=" + record.prevLsn();
        }
        return problem;
    }

    private String check(final WalReader reader, final LogRecord record, final long lsn, final byte type, final long pageId,
                         final int pageOffset, final int beforeLength, final byte[] payload) {
        reader.seek(lsn);
        if (!reader.next(record) || record.lsn() != lsn) {
            return "record missing: txnId=" + txnId + ", lsn=" + lsn + ", type=" + RecordType.name(type);
        }
        if (record.type() != type || record.txnId() != txnId || record.pageId() != pageId || record.pageOffset() != pageOffset
            || record.beforeLength() != beforeLength) {
            return "record header differs: txnId=" + txnId + ", lsn=" + lsn + ", expected=" + RecordType.name(type) + ", found=" + record;
        }
        if (!Arrays.equals(record.payloadBytes(), payload)) {
            return "record payload differs: txnId=" + txnId + ", lsn=" + lsn + ", type=" + RecordType.name(type);
        }
        return null;
    }

    private static byte[] longBytes(final long value) {
        final byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte)(value >>> (8 * i));
        }
        return bytes;
    }
}

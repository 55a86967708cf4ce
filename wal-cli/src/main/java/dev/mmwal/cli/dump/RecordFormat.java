package dev.mmwal.cli.dump;

import dev.mmwal.LogRecord;
import dev.mmwal.format.SegmentDescriptor;
import dev.mmwal.inspect.RecordView;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code mmwal dump} prints a record: one aligned text line, or one JSON object. The same
 * for a record met by walking the files ({@link RecordView}) and one read by a tailer
 * ({@link LogRecord}, {@code --follow}).
 */
final class RecordFormat {
    private static final HexFormat HEX = HexFormat.of();

    /** The header fields printed, whichever view they came from. */
    private record Fields(long lsn, String typeName, int frameLength, int payloadLength, long txnId, long prevLsn, long pageId,
                          int pageOffset, int beforeLength, int flags, int crc, String file, long offset) {
    }

    private RecordFormat() {
    }

    /**
     * {@code lsn: 4160, type: UPDATE, len (frame/payload): 148/100, txn: 7, prev: 4096, page: 12 off 0 before 50, flags: 0x00, crc: 0x1a2b3c4d ok}.
     * Only valid records reach here, so the CRC state is always "ok"; damaged ones are problem lines.
     */
    static String text(final RecordView record, final boolean payloadHex) {
        return text(fields(record), payloadHex ? record.payloadBytes() : null);
    }

    /** The same line for a record a tailer read from a log of {@code segmentSize}-byte segments. */
    static String text(final LogRecord record, final long segmentSize, final boolean payloadHex) {
        return text(fields(record, segmentSize), payloadHex ? record.payloadBytes() : null);
    }

    static Map<String, Object> json(final RecordView record, final boolean payloadHex) {
        return json(fields(record), payloadHex ? record.payloadBytes() : null);
    }

    static Map<String, Object> json(final LogRecord record, final long segmentSize, final boolean payloadHex) {
        return json(fields(record, segmentSize), payloadHex ? record.payloadBytes() : null);
    }

    private static Fields fields(final RecordView record) {
        return new Fields(record.lsn(), record.typeName(), record.frameLength(), record.payloadLength(), record.txnId(), record.prevLsn(),
            record.pageId(), record.pageOffset(), record.beforeLength(), record.flags(), record.crc(), record.segment().fileName(), record.offset());
    }

    private static Fields fields(final LogRecord record, final long segmentSize) {
        final long offset = record.lsn() & (segmentSize - 1);
        return new Fields(record.lsn(), record.typeName(), record.frameLength(), record.payloadLength(), record.txnId(), record.prevLsn(),
            record.pageId(), record.pageOffset(), record.beforeLength(), record.flags() & 0xFF, record.crc(),
            SegmentDescriptor.fileName(record.lsn() - offset), offset);
    }

    private static String text(final Fields record, final byte[] payload) {
        final String line = String.format(Locale.ROOT,
            "lsn: %12d, type: %-17s len (frame/payload): %6d/%6d, txn: %10d, prev: %12d, page: %8d off %5d before %5d, flags: 0x%02x, crc: 0x%08x ok",
            record.lsn(), record.typeName() + ",", record.frameLength(), record.payloadLength(), record.txnId(), record.prevLsn(),
            record.pageId(), record.pageOffset(), record.beforeLength(), record.flags(), record.crc());
        return payload != null ? line + ", payload: " + HEX.formatHex(payload) : line;
    }

    private static Map<String, Object> json(final Fields record, final byte[] payload) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "record");
        json.put("lsn", record.lsn());
        json.put("type", record.typeName());
        json.put("frameLength", record.frameLength());
        json.put("payloadLength", record.payloadLength());
        json.put("txnId", record.txnId());
        json.put("prevLsn", record.prevLsn());
        json.put("pageId", record.pageId());
        json.put("pageOffset", record.pageOffset());
        json.put("beforeLength", record.beforeLength());
        json.put("flags", record.flags());
        json.put("crc", String.format("0x%08x", record.crc()));
        json.put("crcOk", true);
        json.put("file", record.file());
        json.put("offset", record.offset());
        if (payload != null) {
            json.put("payload", HEX.formatHex(payload));
        }
        return json;
    }
}

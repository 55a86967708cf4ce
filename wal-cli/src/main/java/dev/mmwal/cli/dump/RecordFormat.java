package dev.mmwal.cli.dump;

import dev.mmwal.inspect.RecordView;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How {@code mmwal dump} prints a record: one aligned text line, or one JSON object. */
final class RecordFormat {
    private static final HexFormat HEX = HexFormat.of();

    private RecordFormat() {
    }

    /**
     * {@code lsn: 4160, type: UPDATE, len (frame/payload): 148/100, txn: 7, prev: 4096, page: 12 off 0 before 50, flags: 0x00, crc: 0x1a2b3c4d ok}.
     * Only valid records reach here, so the CRC state is always "ok"; damaged ones are problem lines.
     */
    static String text(final RecordView record, final boolean payloadHex) {
        final String line = String.format(Locale.ROOT,
            "lsn: %12d, type: %-17s len (frame/payload): %6d/%6d, txn: %10d, prev: %12d, page: %8d off %5d before %5d, flags: 0x%02x, crc: 0x%08x ok",
            record.lsn(), record.typeName() + ",", record.frameLength(), record.payloadLength(), record.txnId(), record.prevLsn(),
            record.pageId(), record.pageOffset(), record.beforeLength(), record.flags(), record.crc());
        return payloadHex ? line + ", payload: " + HEX.formatHex(record.payloadBytes()) : line;
    }

    static Map<String, Object> json(final RecordView record, final boolean payloadHex) {
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
        json.put("file", record.segment().fileName());
        json.put("offset", record.offset());
        if (payloadHex) {
            json.put("payload", HEX.formatHex(record.payloadBytes()));
        }
        return json;
    }
}

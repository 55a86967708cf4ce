package dev.mmwal.cli.scan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing wrong in a log.
 *
 * @param severity ERROR or WARNING.
 * @param file     the segment file's name, or null when no file is concerned.
 * @param offset   the byte offset in that file, or -1.
 * @param lsn      the LSN concerned, or -1.
 * @param message  what is wrong, with the values found.
 */
public record Problem(Severity severity, String file, long offset, long lsn, String message) {
    /** One line: {@code ERROR   0000000000000000.wal offset=4160 lsn=4160: CRC mismatch ...}. */
    public String toLine() {
        final StringBuilder line = new StringBuilder(128);
        line.append(String.format("%-7s", severity));
        if (file != null) {
            line.append(' ').append(file);
        }
        if (offset >= 0) {
            line.append(" offset=").append(offset);
        }
        if (lsn >= 0) {
            line.append(" lsn=").append(lsn);
        }
        return line.append(": ").append(message).toString();
    }

    public Map<String, Object> toJson() {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("severity", severity);
        json.put("file", file);
        json.put("offset", offset >= 0 ? offset : null);
        json.put("lsn", lsn >= 0 ? lsn : null);
        json.put("message", message);
        return json;
    }
}

package dev.mmwal.cli;

import dev.mmwal.inspect.Damage;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the commands print a {@link Damage}: one text line, or one JSON object. */
public final class DamageFormat {
    private DamageFormat() {
    }

    /** One line: {@code ERROR   0000000000000000.wal offset=4160 lsn=4160: CRC mismatch ...}. */
    public static String line(final Damage damage) {
        final StringBuilder line = new StringBuilder(128);
        line.append(String.format("%-7s", damage.severity()));
        if (damage.file() != null) {
            line.append(' ').append(damage.file());
        }
        if (damage.offset() >= 0) {
            line.append(" offset=").append(damage.offset());
        }
        if (damage.lsn() >= 0) {
            line.append(" lsn=").append(damage.lsn());
        }
        return line.append(": ").append(damage.message()).toString();
    }

    /** {@code {"severity", "file", "offset", "lsn", "message"}}, absent values as null. */
    public static Map<String, Object> json(final Damage damage) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("severity", damage.severity());
        json.put("file", damage.file());
        json.put("offset", damage.offset() >= 0 ? damage.offset() : null);
        json.put("lsn", damage.lsn() >= 0 ? damage.lsn() : null);
        json.put("message", damage.message());
        return json;
    }
}

package dev.mmwal.cli;

import java.util.Collection;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and nulls as compact one-line JSON: the
 * {@code --json} output of every subcommand. Non-finite doubles become {@code null}; enums their name.
 */
public final class Json {
    private Json() {
    }

    public static String write(final Object value) {
        final StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    private static void append(final StringBuilder out, final Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Double d -> number(out, d);
            case Float f -> number(out, f.doubleValue());
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Enum<?> e -> string(out, e.name());
            case Map<?, ?> map -> object(out, map);
            case Collection<?> list -> array(out, list);
            default -> string(out, value.toString());
        }
    }

    private static void number(final StringBuilder out, final double value) {
        if (!Double.isFinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long)value);
        } else {
            out.append(value);
        }
    }

    private static void object(final StringBuilder out, final Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (final Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, String.valueOf(entry.getKey()));
            out.append(':');
            append(out, entry.getValue());
        }
        out.append('}');
    }

    private static void array(final StringBuilder out, final Collection<?> values) {
        out.append('[');
        boolean first = true;
        for (final Object value : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            append(out, value);
        }
        out.append(']');
    }

    private static void string(final StringBuilder out, final String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int)c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

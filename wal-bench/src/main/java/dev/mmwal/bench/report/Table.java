package dev.mmwal.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A titled table of strings rendered as aligned text (console) or Markdown (report). */
final class Table {
    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(final String title, final String... headers) {
        this.title = title;
        this.headers = List.of(headers);
    }

    Table row(final String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row width does not match the header: expected=" + headers.size() + ", found=" + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    Table note(final String text) {
        notes.add(text);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String text() {
        final int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (final List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        final StringBuilder out = new StringBuilder("\n== ").append(title).append('\n');
        appendAligned(out, headers, widths);
        for (final List<String> row : rows) {
            appendAligned(out, row, widths);
        }
        notes.forEach(note -> out.append("   ").append(note).append('\n'));
        return out.toString();
    }

    private static void appendAligned(final StringBuilder out, final List<String> cells, final int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            final String cell = cells.get(i);
            if (i == 0) {
                out.append(cell).append(" ".repeat(widths[i] - cell.length()));
            } else {
                out.append("  ").append(" ".repeat(widths[i] - cell.length())).append(cell);
            }
        }
        out.append('\n');
    }

    String markdown() {
        final StringBuilder out = new StringBuilder("#### ").append(title).append("\n\n");
        out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int i = 0; i < headers.size(); i++) {
            out.append(i == 0 ? "---|" : "---:|");
        }
        out.append('\n');
        for (final List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append(note).append("\n"));
        }
        return out.append('\n').toString();
    }

    /** A number with about three significant digits; "-" for NaN. */
    static String num(final double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        final double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (abs == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A ratio as {@code 1.23x}; "-" when either side is missing. */
    static String ratio(final double numerator, final double denominator) {
        if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", numerator / denominator);
    }
}

package dev.mmwal.cli;

import java.util.Locale;

/** Human-readable numbers for the text output: byte sizes, durations, counts and rates. */
public final class Units {
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /** {@code 65536} as {@code "64 KiB"}, {@code 1536} as {@code "1.5 KiB"}. */
    public static String bytes(final long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%d %s", (long)value, BYTE_UNITS[unit]);
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }

    /** A duration in the unit that reads best: {@code "850 ns"}, {@code "212 us"}, {@code "1.27 ms"}, {@code "3.4 s"}. */
    public static String nanos(final double nanos) {
        if (!Double.isFinite(nanos)) {
            return "-";
        }
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** {@code 12345} as {@code "12,345"}. */
    public static String count(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A rate or mean with one decimal below 100 and none above: {@code "4.9"}, {@code "12,345"}. */
    public static String decimal(final double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return Math.abs(value) < 100
            ? String.format(Locale.ROOT, "%.1f", value)
            : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** {@code part} of {@code whole} as a percentage with one decimal. */
    public static String percent(final double part, final double whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}

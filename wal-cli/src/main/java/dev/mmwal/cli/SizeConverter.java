package dev.mmwal.cli;

import picocli.CommandLine;

import java.util.Locale;

/** Parses a byte size: {@code 65536}, {@code 64k}, {@code 64KiB}, {@code 64m}, {@code 1g}. */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(final String value) {
        final String text = value.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        int shift = 0;
        String digits = text;
        if (!text.isEmpty()) {
            switch (text.charAt(text.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = 0;
            }
            if (shift > 0) {
                digits = text.substring(0, text.length() - 1);
            }
        }
        try {
            final long number = Long.parseLong(digits.strip());
            if (number < 0 || number > Long.MAX_VALUE >> shift) {
                throw new CommandLine.TypeConversionException("size out of range: value=" + value);
            }
            return number << shift;
        } catch (final NumberFormatException ex) {
            throw new CommandLine.TypeConversionException("not a size (e.g. 65536, 64k, 64MiB, 1g): value=" + value);
        }
    }
}

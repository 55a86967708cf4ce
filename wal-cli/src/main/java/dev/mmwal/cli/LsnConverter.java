package dev.mmwal.cli;

import picocli.CommandLine;

/** Parses an LSN option: decimal ({@code 4160}) or hexadecimal ({@code 0x1040}). */
public final class LsnConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(final String value) {
        final String text = value.strip().replace("_", "");
        try {
            final long lsn = text.startsWith("0x") || text.startsWith("0X")
                ? Long.parseUnsignedLong(text.substring(2), 16)
                : Long.parseLong(text);
            if (lsn < 0) {
                throw new CommandLine.TypeConversionException("an LSN cannot be negative: value=" + value);
            }
            return lsn;
        } catch (final NumberFormatException ex) {
            throw new CommandLine.TypeConversionException("not an LSN (decimal or 0x-hex): value=" + value);
        }
    }
}

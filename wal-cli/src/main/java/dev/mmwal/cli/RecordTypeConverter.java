package dev.mmwal.cli;

import dev.mmwal.format.RecordType;
import picocli.CommandLine;

/** Parses a record type ({@code DATA}, {@code APP(0x41)}, {@code 0x12}, ...) into its code, as {@link RecordType#parse} reads it. */
public final class RecordTypeConverter implements CommandLine.ITypeConverter<Byte> {
    @Override
    public Byte convert(final String value) {
        try {
            return RecordType.parse(value.strip());
        } catch (final IllegalArgumentException ex) {
            throw new CommandLine.TypeConversionException("unknown record type: type=" + value
                + ", expected=DATA, PADDING, a name as dump prints it (TXN(0x12), APP(0x41)) or a code 1-255 (decimal or 0x hex)");
        }
    }
}

package dev.mmwal.cli;

import dev.mmwal.format.RecordType;
import picocli.CommandLine;

/** Parses a record type name ({@code DATA}, {@code commit}, ...) into its code. */
public final class RecordTypeConverter implements CommandLine.ITypeConverter<Byte> {
    @Override
    public Byte convert(final String value) {
        try {
            return RecordType.parse(value.strip());
        } catch (final IllegalArgumentException ex) {
            throw new CommandLine.TypeConversionException("unknown record type: type=" + value
                + ", expected=DATA, BEGIN, UPDATE, COMMIT, ABORT, CLR, END, CHECKPOINT_BEGIN, CHECKPOINT_END or PADDING");
        }
    }
}

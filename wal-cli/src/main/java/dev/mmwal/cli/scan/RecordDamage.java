package dev.mmwal.cli.scan;

import dev.mmwal.format.Checksums;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.RecordType;
import dev.mmwal.internal.RecordValidator;

import java.lang.foreign.MemorySegment;

/** Turns a {@link RecordValidator} code into a message that shows the values found. */
final class RecordDamage {
    private RecordDamage() {
    }

    static String describe(final MemorySegment memory, final long offset, final long lsn, final int code) {
        final String what = RecordValidator.describe(code);
        final int frameLength = RecordDescriptor.frameLength(memory, offset);
        return switch (code) {
            case RecordValidator.BAD_LENGTH -> what + ": frameLength=" + frameLength + ", room=" + (memory.byteSize() - offset)
                + ", minimum=" + RecordDescriptor.HEADER_LENGTH;
            case RecordValidator.BAD_LSN -> what + ": found=" + RecordDescriptor.lsn(memory, offset) + ", expected=" + lsn;
            case RecordValidator.BAD_TYPE -> what + ": type=" + Byte.toUnsignedInt(RecordDescriptor.type(memory, offset));
            case RecordValidator.BAD_CRC -> what + ": stored=0x" + Integer.toHexString(RecordDescriptor.crc(memory, offset))
                + ", computed=0x" + Integer.toHexString(Checksums.recordCrc(memory, offset, RecordDescriptor.type(memory, offset), frameLength))
                + ", type=" + RecordType.name(RecordDescriptor.type(memory, offset)) + ", frameLength=" + frameLength;
            default -> what;
        };
    }
}

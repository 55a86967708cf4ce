package dev.mmwal.txn;

import dev.mmwal.txn.format.ControlFileDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tears the copy of a control file that readers trust (the highest valid sequence), like a torn write. */
final class ControlFileTorn {
    private ControlFileTorn() {
    }

    static void tearNewestCopy(final Path file) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final long first = buffer.getLong(ControlFileDescriptor.SEQUENCE_OFFSET);
        final long second = buffer.getLong(ControlFileDescriptor.COPY_LENGTH + ControlFileDescriptor.SEQUENCE_OFFSET);
        final int copy = second > first ? 1 : 0;
        final int at = copy * ControlFileDescriptor.COPY_LENGTH + ControlFileDescriptor.CHECKPOINT_LSN_OFFSET;
        bytes[at] ^= 0x5A;
        Files.write(file, bytes);
    }
}

package dev.mmwal.bench.peers;

import dev.mmwal.io.FileOps;
import dev.mmwal.io.PosixFileOps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Preallocated files for the plain-Java peers, prepared exactly as mmwal prepares its segments. */
final class Files2 {
    private Files2() {
    }

    /**
     * Creates {@code file} with {@code size} bytes reserved by {@code fallocate} and synced, none of
     * it in the page cache (mmwal's own {@link PosixFileOps#allocate}), and opens it for writing.
     */
    static FileChannel preallocated(final Path file, final long size) {
        try {
            PosixFileOps.INSTANCE.allocate(file, size, FileOps.Preallocation.FALLOCATE);
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot preallocate: file=" + file + ", size=" + size, ex);
        }
    }

    static void close(final FileChannel channel) {
        try {
            channel.close();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot close: channel=" + channel, ex);
        }
    }
}

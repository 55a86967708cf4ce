package dev.mmwal.txn.internal;

import dev.mmwal.io.FileOps;
import dev.mmwal.txn.format.ControlFileDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code txn.control} file ({@link ControlFileDescriptor}): which checkpoint recovery starts
 * from. An update writes the copy readers do not trust and fsyncs it, so a crash mid-update
 * leaves the previous checkpoint named. Creating the file fsyncs it and its directory. Every write
 * and sync goes through the log's {@link FileOps}, so fault and power-loss simulations see them.
 *
 * <p>Single writer: the checkpointer, under the checkpoint lock. {@link #read} may run anywhere
 * (it only reads).
 */
public final class ControlFile implements AutoCloseable {
    /** What the trusted copy names. {@code copy} is the index it sits at. */
    public record State(long sequence, long checkpointLsn, long beginLsn, long redoLsn, long writtenMillis, int copy) {
    }

    private final Path file;
    private final FileOps fileOps;
    private final FileChannel channel;
    private final MemorySegment scratch = Arena.ofAuto().allocate(ControlFileDescriptor.FILE_LENGTH, 8);
    private State current;

    private ControlFile(final Path file, final FileOps fileOps, final FileChannel channel, final State current) {
        this.file = file;
        this.fileOps = fileOps;
        this.channel = channel;
        this.current = current;
    }

    /** Opens {@code file}, creating it (both copies empty, fsynced, directory fsynced) when absent. */
    public static ControlFile open(final Path file, final FileOps fileOps) throws IOException {
        if (!Files.exists(file)) {
            create(file, fileOps);
        }
        final FileChannel channel = fileOps.openReadWrite(file);
        try {
            return new ControlFile(file, fileOps, channel, read(file));
        } catch (final IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
    }

    private static void create(final Path file, final FileOps fileOps) throws IOException {
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(ControlFileDescriptor.FILE_LENGTH), 0);
        }
        // Synced through the seam (not channel.force), so a power-loss simulation sees what is durable.
        try (FileChannel channel = fileOps.openReadWrite(temp)) {
            fileOps.syncData(channel);
        }
        fileOps.rename(temp, file);
        fileOps.syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * The trusted copy of {@code file}: the valid copy with the highest sequence; null when the
     * file is absent or holds no valid copy (no checkpoint completed yet).
     */
    public static State read(final Path file) throws IOException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException ex) {
            return null;
        }
        if (bytes.length != ControlFileDescriptor.FILE_LENGTH) {
            throw new IOException("control file has the wrong length: file=" + file + ", length=" + bytes.length
                + ", expected=" + ControlFileDescriptor.FILE_LENGTH);
        }
        final MemorySegment memory = Arena.ofAuto().allocate(bytes.length, 8);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, memory, 0, bytes.length);
        checkVersion(file, memory);
        State best = null;
        for (int copy = 0; copy < ControlFileDescriptor.COPIES; copy++) {
            final long at = ControlFileDescriptor.copyOffset(copy);
            if (ControlFileDescriptor.isValid(memory, at) && (best == null || ControlFileDescriptor.sequence(memory, at) > best.sequence())) {
                best = new State(ControlFileDescriptor.sequence(memory, at), ControlFileDescriptor.checkpointLsn(memory, at),
                    ControlFileDescriptor.beginLsn(memory, at), ControlFileDescriptor.redoLsn(memory, at),
                    ControlFileDescriptor.writtenMillis(memory, at), copy);
            }
        }
        return best;
    }

    /** A copy with our magic but another version is refused loudly, never read as "no checkpoint". */
    private static void checkVersion(final Path file, final MemorySegment memory) throws IOException {
        for (int copy = 0; copy < ControlFileDescriptor.COPIES; copy++) {
            final long at = ControlFileDescriptor.copyOffset(copy);
            if (ControlFileDescriptor.magic(memory, at) == ControlFileDescriptor.MAGIC
                && ControlFileDescriptor.version(memory, at) != ControlFileDescriptor.FORMAT_VERSION) {
                throw new IOException("control file has an unsupported format version: file=" + file + ", copy=" + copy + ", version="
                    + ControlFileDescriptor.version(memory, at) + ", supported=" + ControlFileDescriptor.FORMAT_VERSION);
            }
        }
    }

    public State current() {
        return current;
    }

    public Path file() {
        return file;
    }

    /** Names a new complete checkpoint: writes the untrusted copy, then fsyncs. */
    public void update(final long checkpointLsn, final long beginLsn, final long redoLsn) throws IOException {
        final State trusted = current;
        final int target = trusted == null ? 0 : 1 - trusted.copy();
        final long sequence = trusted == null ? 1 : trusted.sequence() + 1;
        final long now = System.currentTimeMillis();
        ControlFileDescriptor.write(scratch, 0, sequence, checkpointLsn, beginLsn, redoLsn, now);
        fileOps.write(channel, scratch.asSlice(0, ControlFileDescriptor.COPY_LENGTH), ControlFileDescriptor.copyOffset(target));
        fileOps.syncData(channel);
        current = new State(sequence, checkpointLsn, beginLsn, redoLsn, now, target);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

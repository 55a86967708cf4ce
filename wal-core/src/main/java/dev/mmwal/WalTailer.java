package dev.mmwal;

import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.format.TailerPositionDescriptor;
import dev.mmwal.io.FileOps;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Follows a live log: a {@link WalReader} that, when caught up, waits with an {@link IdleStrategy}
 * for more. Bounded by the published end or by the durable LSN ({@link ReadBound}); with
 * {@code DURABLE} a consumer never sees a record a crash could take back.
 *
 * <p>A named tailer persists its position in {@code tailers/NAME.pos} under the log directory when
 * {@link #commitPosition()} is called, in the layout of {@link TailerPositionDescriptor}: two
 * checksummed copies, of which a commit overwrites the older one and syncs the file once, so a
 * crash at any instant leaves the last committed position (or the one before, when the commit had
 * not returned) and a restart resumes exactly after it. The first commit creates the file whole
 * under a temporary name and renames it. All of it goes through the log's {@link FileOps}.
 *
 * <p>Single-threaded: one tailer per consumer thread, and one live tailer per name. Polling
 * allocates nothing.
 *
 * <p><b>Idle strategy.</b> Tailers opened without one ({@code wal.tailer(from, bound)},
 * {@code wal.namedTailer(name, bound)}, {@code readOnlyWal.tailer(from, bound)}) wait, when caught
 * up, by spinning 10 times, yielding 5 times, then parking from 1 us doubling up to 1 ms: a new
 * record is seen within about a millisecond and an idle tailer costs little CPU. Pass an Agrona
 * {@link IdleStrategy} to the other overloads for lower latency (busy spin) or less CPU.
 */
public final class WalTailer {
    private static final int DEFAULT_SPINS = 10;
    private static final int DEFAULT_YIELDS = 5;
    private static final long DEFAULT_MIN_PARK_NANOS = 1_000;
    private static final long DEFAULT_MAX_PARK_NANOS = 1_000_000;

    private final WalReader reader;
    private final IdleStrategy idleStrategy;
    private final LogRecord record = new LogRecord();
    private final PositionFile positionFile;
    private final BooleanSupplier stopped;

    /**
     * @param ops          the log's file operations ({@code WalConfig.fileOps()}), for the position file.
     * @param positionFile where a named tailer commits its position; null for an unnamed tailer.
     */
    WalTailer(final WalReader reader, final IdleStrategy idleStrategy, final FileOps ops, final Path positionFile,
              final BooleanSupplier stopped) {
        this.reader = reader;
        this.idleStrategy = idleStrategy;
        this.positionFile = positionFile == null ? null : new PositionFile(ops, positionFile);
        this.stopped = stopped;
    }

    /** A new idle strategy of the kind tailers opened without one use (see the class comment); each tailer needs its own. */
    static IdleStrategy newDefaultIdleStrategy() {
        return new org.agrona.concurrent.BackoffIdleStrategy(DEFAULT_SPINS, DEFAULT_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * Hands up to {@code limit} available records to {@code handler} without waiting.
     *
     * @param handler receives each record; the view is valid only during the call.
     * @param limit   the most records to hand over.
     * @return how many records were handed over (0 when caught up).
     */
    public int poll(final RecordHandler handler, final int limit) {
        int count = 0;
        while (count < limit && reader.next(record)) {
            handler.onRecord(record);
            count++;
        }
        return count;
    }

    /**
     * Waits, with the idle strategy, until a record is available and reads it into {@code into}.
     *
     * @param into the view to fill.
     * @return true when a record was read; false when the log was closed while waiting.
     */
    public boolean take(final LogRecord into) {
        idleStrategy.reset();
        while (!reader.next(into)) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            idleStrategy.idle();
        }
        return true;
    }

    /** {@return the LSN the next record will be read from} */
    public long position() {
        return reader.position();
    }

    /**
     * Makes the current position survive a restart (named tailers only): one write and one
     * {@code fdatasync} of the position file; the first commit (or the first after an older file
     * format) creates the file: a write, a sync, a rename and a directory sync.
     *
     * @throws IllegalStateException when the tailer has no name.
     * @throws WalException when the file cannot be written or synced; the file then holds the
     * previous committed position, or this one when only the sync failed (as after a crash).
     * @throws WalCorruptionException when the existing file is damaged beyond both copies.
     */
    public void commitPosition() {
        if (positionFile == null) {
            throw new IllegalStateException("an unnamed tailer has no position to commit");
        }
        positionFile.commit(reader.position());
    }

    /**
     * The position committed in {@code file}, in any format this software reads (see
     * {@link TailerPositionDescriptor}), or {@code fallback} when there is no file.
     *
     * @throws WalCorruptionException when the file is damaged, or of a newer format version.
     * @throws WalException when it cannot be read.
     */
    static long readPosition(final FileOps ops, final Path file, final long fallback) {
        final PositionFile reading = new PositionFile(ops, file);
        return reading.load() ? reading.position : fallback;
    }

    /** {@code tailers/NAME.pos} under the log directory; the name must be a plain file name. */
    static Path positionFile(final Path directory, final String name) {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("tailer name must be letters, digits, '.', '_' or '-': name=" + name);
        }
        return directory.resolve(POSITION_DIRECTORY).resolve(name + POSITION_SUFFIX);
    }

    /** Where named tailers keep their positions, under the log directory. */
    static final String POSITION_DIRECTORY = "tailers";
    static final String POSITION_SUFFIX = ".pos";

    /**
     * A named tailer's position file: reads every format, writes {@link TailerPositionDescriptor}'s.
     * Remembers which copy is current so that a commit overwrites the other. Single-threaded, as
     * its tailer.
     */
    private static final class PositionFile {
        private static final String TEMP_SUFFIX = ".tmp";

        private final FileOps ops;
        private final Path file;
        /** One file image, 8-byte aligned for the descriptor's fields. */
        private final MemorySegment image = Arena.ofAuto().allocate(TailerPositionDescriptor.FILE_LENGTH, Long.BYTES);
        private boolean loaded;
        /** Offset of the current copy in the file, or -1 when the file must be created (absent, or an older format). */
        private long currentCopy = -1;
        private long sequence;
        private long position;

        PositionFile(final FileOps ops, final Path file) {
            this.ops = ops;
            this.file = file;
        }

        /** Reads the file; false when there is none. */
        boolean load() {
            loaded = true;
            currentCopy = -1;
            sequence = 0;
            try (FileChannel channel = ops.openReadOnly(file)) {
                final long length = channel.size();
                if (length > TailerPositionDescriptor.FILE_LENGTH) {
                    throw damaged("tailer position file has an unknown length", length);
                }
                image.fill((byte)0);
                final ByteBuffer buffer = image.asSlice(0, length).asByteBuffer();
                int read = 0;
                while (buffer.hasRemaining() && read >= 0) {
                    read = channel.read(buffer);
                }
                position = decode(length);
                return true;
            } catch (final NoSuchFileException ex) {
                return false;
            } catch (final IOException ex) {
                throw new WalException("cannot read tailer position: file=" + file + ", cause=" + dev.mmwal.io.Errno.describe(ex), ex);
            }
        }

        private long decode(final long length) {
            if (length == TailerPositionDescriptor.FILE_LENGTH) {
                final long current = TailerPositionDescriptor.currentOffset(image);
                if (current < 0) {
                    throw damaged("tailer position file is damaged in both copies", length);
                }
                final int version = TailerPositionDescriptor.version(image, current);
                if (version != TailerPositionDescriptor.FORMAT_VERSION) {
                    throw new WalCorruptionException("tailer position file format version is not supported: file=" + file
                        + ", fileVersion=" + version + ", softwareVersion=" + TailerPositionDescriptor.FORMAT_VERSION);
                }
                currentCopy = current;
                sequence = TailerPositionDescriptor.sequence(image, current);
                return checked(TailerPositionDescriptor.position(image, current), length);
            }
            if (length == TailerPositionDescriptor.V1_LENGTH) {
                if (!TailerPositionDescriptor.isValidV1(image)) {
                    throw damaged("tailer position file (version 1) is damaged: bad magic or CRC", length);
                }
                return checked(TailerPositionDescriptor.v1Position(image), length);
            }
            if (length == TailerPositionDescriptor.BARE_LENGTH) {
                return checked(TailerPositionDescriptor.barePosition(image), length);
            }
            throw damaged("tailer position file has an unknown length", length);
        }

        /** A position is an LSN: not negative, record-aligned. */
        private long checked(final long value, final long length) {
            if (value < 0 || (value & (RecordDescriptor.ALIGNMENT - 1)) != 0) {
                throw damaged("tailer position file holds an impossible position: position=" + value, length);
            }
            return value;
        }

        private WalCorruptionException damaged(final String what, final long length) {
            return new WalCorruptionException(what + ": file=" + file + ", length=" + length + ", expected="
                + TailerPositionDescriptor.FILE_LENGTH + " (or " + TailerPositionDescriptor.V1_LENGTH + " or "
                + TailerPositionDescriptor.BARE_LENGTH + " from older versions)");
        }

        void commit(final long newPosition) {
            if (!loaded) {
                load();
            }
            try {
                if (currentCopy < 0) {
                    create(newPosition);
                } else {
                    overwriteOlderCopy(newPosition);
                }
            } catch (final IOException ex) {
                throw new WalException("cannot commit tailer position: file=" + file + ", position=" + newPosition + ", cause=" + dev.mmwal.io.Errno.describe(ex), ex);
            }
        }

        /** Writes the copy that is not current and syncs: the current one stays whole whatever happens. */
        private void overwriteOlderCopy(final long newPosition) throws IOException {
            final long target = TailerPositionDescriptor.COPY_LENGTH - currentCopy;
            TailerPositionDescriptor.write(image, target, newPosition, sequence + 1);
            try (FileChannel channel = ops.openReadWrite(file)) {
                ops.write(channel, image.asSlice(target, TailerPositionDescriptor.COPY_LENGTH), target);
                ops.syncData(channel);
            }
            currentCopy = target;
            sequence++;
            position = newPosition;
        }

        /**
         * Creates the file whole under a temporary name, synced, then renames it over any older
         * file and syncs the directory: a crash leaves the old file or the new one, never a part.
         */
        private void create(final long newPosition) throws IOException {
            final Path directory = file.getParent();
            if (!Files.isDirectory(directory)) {
                // FileOps has no mkdir: created here, and its entry made durable in the log directory
                Files.createDirectories(directory);
                ops.syncDirectory(directory.getParent());
            }
            final Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
            ops.delete(temp);
            image.fill((byte)0);
            TailerPositionDescriptor.write(image, 0, newPosition, sequence + 1);
            ops.allocate(temp, TailerPositionDescriptor.FILE_LENGTH, FileOps.Preallocation.FALLOCATE);
            try (FileChannel channel = ops.openReadWrite(temp)) {
                ops.write(channel, image, 0);
                ops.syncData(channel);
            }
            ops.rename(temp, file);
            ops.syncDirectory(directory);
            currentCopy = 0;
            sequence++;
            position = newPosition;
        }
    }
}

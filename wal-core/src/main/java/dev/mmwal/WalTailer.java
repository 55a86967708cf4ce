package dev.mmwal;

import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Follows a live log: a {@link WalReader} that, when caught up, waits with an {@link IdleStrategy}
 * for more. Bounded by the published end or by the durable LSN ({@link ReadBound}); with
 * {@code DURABLE} a consumer never sees a record a crash could take back.
 *
 * <p>A named tailer persists its position in {@code tailers/NAME.pos} under the log directory when
 * {@link #commitPosition()} is called: written to a temporary file, synced, renamed over the old
 * one and the directory synced, so a restart resumes exactly after the last committed record.
 *
 * <p>Single-threaded: one tailer per consumer thread. Polling allocates nothing.
 */
public final class WalTailer {
    private static final long POSITION_MAGIC = 0x534F_5052_4C49_4154L; // "TAILRPOS" little-endian
    private static final int POSITION_FILE_LENGTH = 24;

    private final WalReader reader;
    private final IdleStrategy idleStrategy;
    private final LogRecord record = new LogRecord();
    private final Path positionFile;
    private final java.util.function.BooleanSupplier stopped;

    WalTailer(final WalReader reader, final IdleStrategy idleStrategy, final Path positionFile,
              final java.util.function.BooleanSupplier stopped) {
        this.reader = reader;
        this.idleStrategy = idleStrategy;
        this.positionFile = positionFile;
        this.stopped = stopped;
    }

    /**
     * Hands up to {@code limit} available records to {@code handler} without waiting.
     *
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

    /** The LSN the next record will be read from. */
    public long position() {
        return reader.position();
    }

    /** Makes the current position survive a restart (named tailers only); costs two syncs. */
    public void commitPosition() {
        if (positionFile == null) {
            throw new IllegalStateException("an unnamed tailer has no position to commit");
        }
        writePosition(positionFile, reader.position());
    }

    static long readPosition(final Path file, final long fallback) {
        if (!Files.exists(file)) {
            return fallback;
        }
        try {
            final ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (buffer.remaining() != POSITION_FILE_LENGTH || buffer.getLong(0) != POSITION_MAGIC) {
                throw new WalCorruptionException("tailer position file is damaged: file=" + file + ", length=" + buffer.remaining());
            }
            final CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, 16);
            if ((int)crc.getValue() != buffer.getInt(16)) {
                throw new WalCorruptionException("tailer position file CRC mismatch: file=" + file);
            }
            return buffer.getLong(8);
        } catch (final IOException ex) {
            throw new WalException("cannot read tailer position: file=" + file + ", cause=" + ex.getMessage(), ex);
        }
    }

    private static void writePosition(final Path file, final long position) {
        final ByteBuffer buffer = ByteBuffer.allocate(POSITION_FILE_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(0, POSITION_MAGIC).putLong(8, position);
        final CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, 16);
        buffer.putInt(16, (int)crc.getValue());
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (final IOException ex) {
            throw new WalException("cannot commit tailer position: file=" + file + ", position=" + position + ", cause=" + ex.getMessage(), ex);
        }
    }

    static Path positionFile(final Path directory, final String name) {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("tailer name must be letters, digits, '.', '_' or '-': name=" + name);
        }
        return directory.resolve("tailers").resolve(name + ".pos");
    }
}

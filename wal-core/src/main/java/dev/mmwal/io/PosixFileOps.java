package dev.mmwal.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The real {@link FileOps}: JDK file channels plus {@code fallocate}, {@code fstat} and
 * {@code posix_fadvise} through {@link Native}. Stateless and thread-safe.
 */
public final class PosixFileOps implements FileOps {
    /** The only instance. */
    public static final PosixFileOps INSTANCE = new PosixFileOps();
    private static final int ZERO_CHUNK = 1 << 20;
    private static final long PAGE = 4096;

    private PosixFileOps() {
    }

    @Override
    public Preallocation allocate(final Path file, final long size, final Preallocation preferred) throws IOException {
        if (preferred == Preallocation.FALLOCATE && Native.available()) {
            final int fd = Native.createExclusive(file);
            if (fd < 0) {
                throw errnoException("segment create failed", file, -fd, size);
            }
            boolean done = false;
            try {
                final int rc = Native.fallocate(fd, size);
                if (rc == 0) {
                    checkNotSparse(fd, file, size);
                    final int syncRc = Native.fsync(fd);
                    if (syncRc != 0) {
                        throw errnoException("segment fsync failed", file, syncRc, size);
                    }
                    done = true;
                    return Preallocation.FALLOCATE;
                }
                if (rc != Native.EOPNOTSUPP && rc != Native.ENOSYS) {
                    throw errnoException("segment fallocate failed", file, rc, size);
                }
            } finally {
                Native.close(fd);
                if (!done) {
                    Files.deleteIfExists(file);
                }
            }
        }
        zeroFill(file, size);
        return Preallocation.ZERO_FILL;
    }

    /**
     * {@code fallocate(FALLOC_FL_ZERO_RANGE)} where the file system has it (the extents become
     * unwritten: no data is written, the blocks stay the file's), then {@code fsync}; elsewhere the
     * zeros are written. Either way the pages leave the cache, as after {@link #allocate}.
     */
    @Override
    public void reuse(final Path file, final long size) throws IOException {
        if (Native.available()) {
            final int fd = Native.openReadWrite(file);
            if (fd < 0) {
                throw errnoException("segment reuse failed (open)", file, -fd, size);
            }
            try {
                final int rc = Native.zeroRange(fd, size);
                if (rc == 0) {
                    final int syncRc = Native.fsync(fd);
                    if (syncRc != 0) {
                        throw errnoException("segment reuse failed (fsync)", file, syncRc, size);
                    }
                    dropCache(file, size);
                    return;
                }
                if (rc != Native.EOPNOTSUPP && rc != Native.ENOSYS) {
                    throw errnoException("segment reuse failed (fallocate ZERO_RANGE)", file, rc, size);
                }
            } finally {
                Native.close(fd);
            }
        }
        writeZeros(file, size, StandardOpenOption.WRITE);
        dropCache(file, size);
    }

    private static void zeroFill(final Path file, final long size) throws IOException {
        boolean done = false;
        try {
            writeZeros(file, size, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
        dropCache(file, size);
    }

    /** Writes {@code size} zero bytes from the start of {@code file} and makes them durable. */
    private static void writeZeros(final Path file, final long size, final StandardOpenOption... options) throws IOException {
        try (FileChannel channel = FileChannel.open(file, options)) {
            final ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
            long position = 0;
            while (position < size) {
                zeros.clear().limit((int)Math.min(ZERO_CHUNK, size - position));
                while (zeros.hasRemaining()) {
                    position += channel.write(zeros, position);
                }
            }
            channel.force(true);
        } catch (final FileAlreadyExistsException ex) {
            throw ex;
        } catch (final IOException ex) {
            throw new IOException("segment zero-fill failed: file=" + file + ", size=" + size + ", cause=" + Errno.describe(ex), ex);
        }
    }

    /** Bulk-written pages sit in the cache as large folios; a store through a mapping would dirty a whole folio. */
    private static void dropCache(final Path file, final long size) {
        if (!Native.available()) {
            return;
        }
        final int fd = Native.openReadOnly(file);
        if (fd >= 0) {
            try {
                Native.dropCache(fd, size);
            } finally {
                Native.close(fd);
            }
        }
    }

    /**
     * Bytes of disk allocated to {@code file} (unwritten extents count: they are reserved), or -1
     * when the platform cannot tell.
     *
     * @param file an existing file.
     * @return allocated bytes, or -1 when the platform cannot tell.
     * @throws IOException if the file cannot be opened or its size read.
     */
    public static long allocatedBytes(final Path file) throws IOException {
        if (!Native.available()) {
            return -1;
        }
        final int fd = Native.openReadOnly(file);
        if (fd < 0) {
            throw new IOException("cannot open to check allocation: file=" + file + ", errno=" + Errno.describe(-fd));
        }
        try {
            return Native.allocatedBytes(fd, Files.size(file));
        } finally {
            Native.close(fd);
        }
    }

    /** Blocks reserved by fallocate are unwritten extents, which SEEK_HOLE reports as holes on ext4: count blocks instead. */
    private static void checkNotSparse(final int fd, final Path file, final long size) throws IOException {
        final long allocated = Native.allocatedBytes(fd, size);
        if (allocated >= 0 && allocated < size) {
            throw new IOException("segment is sparse after preallocation: file=" + file + ", size=" + size + ", allocated=" + allocated);
        }
    }

    /**
     * True when the libc calls ({@code fallocate}, {@code madvise}, {@code statx}) are usable; false
     * on a non-Linux libc or when the JVM denies native access to mmwal
     * ({@code --illegal-native-access=deny} without {@code --enable-native-access}): then segments
     * are preallocated by zero-fill and pages are faulted in by touching them.
     *
     * @return whether native calls are available.
     */
    public static boolean nativeAccess() {
        return Native.available();
    }

    /**
     * Why native access is unavailable, when the JVM denied it.
     *
     * @return the reason (it names the flag to add), or null when access was not denied.
     */
    public static String nativeAccessDenied() {
        return Native.deniedReason();
    }

    @Override
    public FileChannel openReadWrite(final Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public FileChannel openReadOnly(final Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public MemorySegment map(final FileChannel channel, final FileChannel.MapMode mode, final long size, final Arena arena) throws IOException {
        final MemorySegment mapping = channel.map(mode, 0, size, arena);
        Native.advise(mapping, Native.MADV_RANDOM);
        return mapping;
    }

    @Override
    public void prefetch(final MemorySegment mapping) {
        Native.advise(mapping, Native.MADV_WILLNEED);
    }

    @Override
    public void prefault(final MemorySegment mapping, final Prefault mode) {
        if (mode == Prefault.NONE || Native.populate(mapping, mode == Prefault.WRITE)) {
            return;
        }
        // No MADV_POPULATE_*, or it refused (unaligned, out of memory): read one byte per page.
        // Never store: a pretouched range can hold records appenders are writing right now, and a
        // read-modify-write of "the same byte" would undo their store.
        long sum = 0;
        for (long offset = 0; offset < mapping.byteSize(); offset += PAGE) {
            sum += mapping.get(ValueLayout.JAVA_BYTE, offset);
        }
        if (sum == Long.MIN_VALUE) {
            throw new IllegalStateException("unreachable: a sum of bytes of one segment");
        }
    }

    @Override
    public void write(final FileChannel channel, final MemorySegment source, final long position) throws IOException {
        final ByteBuffer buffer = source.asByteBuffer();
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    @Override
    public void syncData(final FileChannel channel) throws IOException {
        channel.force(false);
    }

    @Override
    public void syncRange(final MemorySegment mapping, final long offset, final long length) throws IOException {
        final long start = offset & -PAGE;
        final long end = Math.min(mapping.byteSize(), (offset + length + PAGE - 1) & -PAGE);
        try {
            mapping.asSlice(start, end - start).force();
        } catch (final UncheckedIOException ex) {
            throw ex.getCause();
        }
    }

    /**
     * Reads the boot id from {@code /proc}, the mount id through {@code statx}, and the directory's
     * device and inode; any part that cannot be read leaves the epoch {@link CacheEpoch#UNKNOWN}.
     */
    @Override
    public CacheEpoch cacheEpoch(final Path directory) throws IOException {
        final Path bootIdFile = Path.of("/proc/sys/kernel/random/boot_id");
        if (!Native.available() || !Files.isReadable(bootIdFile)) {
            return CacheEpoch.UNKNOWN;
        }
        final java.util.UUID bootId;
        try {
            bootId = java.util.UUID.fromString(Files.readString(bootIdFile).trim());
        } catch (final IllegalArgumentException ex) {
            return CacheEpoch.UNKNOWN;
        }
        final long mountId = Native.mountId(directory);
        final Object device = Files.getAttribute(directory, "unix:dev");
        final Object inode = Files.getAttribute(directory, "unix:ino");
        if (mountId == 0 || !(device instanceof Long dev) || !(inode instanceof Long ino)) {
            return CacheEpoch.UNKNOWN;
        }
        return new CacheEpoch(bootId.getMostSignificantBits(), bootId.getLeastSignificantBits(), mountId, dev, ino);
    }

    @Override
    public void syncDirectory(final Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void delete(final Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void rename(final Path source, final Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static IOException errnoException(final String what, final Path file, final int errno, final long size) {
        return new IOException(what + ": file=" + file + ", size=" + size + ", errno=" + Errno.describe(errno));
    }
}

package dev.mmwal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells, without touching the lock, whether a writer holds a log directory's lock file: reads
 * {@code /proc/locks} for a lock on the file's device and inode. Read-only commands use it to say
 * that a live writer may be appending while they look.
 */
public final class WriterLock {
    /** The writer's lock file in a log directory (the name {@code dev.mmwal.Wal} uses). */
    public static final String LOCK_FILE = "mmwal.lock";
    /** {@link #holder} result: nobody holds the lock, or this platform cannot tell. */
    public static final long NONE = -1;
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private WriterLock() {
    }

    /** The pid of the process holding the log's writer lock, 0 when held by an unknown process, or {@link #NONE}. */
    public static long holder(final Path directory) {
        final Path lockFile = directory.resolve(LOCK_FILE);
        try {
            if (!Files.exists(lockFile) || !Files.isReadable(PROC_LOCKS)) {
                return NONE;
            }
            final long inode = ((Number)Files.getAttribute(lockFile, "unix:ino")).longValue();
            final long device = ((Number)Files.getAttribute(lockFile, "unix:dev")).longValue();
            return holder(Files.readAllLines(PROC_LOCKS), major(device), minor(device), inode);
        } catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return NONE;
        }
    }

    /**
     * Finds a granted lock on {@code major:minor:inode} in {@code /proc/locks} lines such as
     * {@code "1: POSIX  ADVISORY  WRITE 4242 fd:01:131090 0 EOF"} (lines with {@code ->} are waiters).
     */
    static long holder(final List<String> lines, final long major, final long minor, final long inode) {
        for (final String line : lines) {
            final String[] fields = line.trim().split("\\s+");
            if (fields.length < 6 || fields[1].equals("->")) {
                continue;
            }
            final String[] id = fields[5].split(":");
            if (id.length == 3 && Long.parseLong(id[0], 16) == major && Long.parseLong(id[1], 16) == minor
                && Long.parseLong(id[2]) == inode) {
                final long pid = Long.parseLong(fields[4]);
                return pid > 0 ? pid : 0;
            }
        }
        return NONE;
    }

    /** Linux's encoding of {@code st_dev} (glibc {@code gnu_dev_major}). */
    static long major(final long device) {
        return ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL);
    }

    static long minor(final long device) {
        return (device & 0xff) | ((device >>> 12) & ~0xffL);
    }
}

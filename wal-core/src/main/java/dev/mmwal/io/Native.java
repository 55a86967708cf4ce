package dev.mmwal.io;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * libc calls the JDK does not offer ({@code fallocate}, {@code fstat}
 * block counts, {@code posix_fadvise}, {@code madvise}), through the FFM
 * {@link Linker}. Each call captures {@code errno}. A symbol that is missing (a non-Linux libc)
 * leaves its handle null and the call reports {@link #ENOSYS}.
 *
 * <p><b>Native access denied</b> ({@code --illegal-native-access=deny} without
 * {@code --enable-native-access} for this module): creating a downcall handle is a restricted
 * method and throws {@link IllegalCallerException}. Then every handle stays null, as on a libc
 * without the symbols: {@link #available()} is false and each caller takes its fallback
 * (zero-fill preallocation, page touching instead of {@code madvise}, no page-cache epoch). One
 * warning names the flag to add; nothing else changes.
 */
@SuppressWarnings("restricted")
final class Native {
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;
    static final int ENOSPC = 28;
    static final int EINTR = 4;

    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    private static final int POSIX_FADV_DONTNEED = 4;
    static final int MADV_RANDOM = 1;
    static final int MADV_WILLNEED = 3;
    private static final int MADV_POPULATE_READ = 22;
    private static final int FALLOC_FL_ZERO_RANGE = 0x10;
    private static final int AT_FDCWD = -100;
    private static final int STATX_MNT_ID = 0x1000;
    private static final long STATX_SIZE = 256;
    private static final long STATX_MNT_ID_OFFSET = 144;
    private static final int MADV_POPULATE_WRITE = 23;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** Why downcalls are unavailable ({@code null} when they are): native access denied to this module. */
    private static final String DENIED = probeNativeAccess();

    private static final MethodHandle OPEN = downcall("open",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle FALLOCATE = downcall("fallocate",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle FSTAT = downcall("fstat",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle FSYNC = downcall("fsync",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle FADVISE = downcall("posix_fadvise",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle STATX = downcall("statx",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS));
    private static final MethodHandle MADVISE = downcall("madvise",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    private Native() {
    }

    /** True when the libc calls this class needs resolved (Linux glibc or musl). */
    static boolean available() {
        return OPEN != null && FALLOCATE != null && CLOSE != null;
    }

    /** Opens a new file exclusively for writing; returns the fd or {@code -errno}. */
    static int createExclusive(final Path file) {
        return open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC);
    }

    /** Opens an existing file read-only; returns the fd or {@code -errno}. */
    static int openReadOnly(final Path file) {
        return open(file, O_CLOEXEC);
    }

    private static int open(final Path file, final int flags) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(CAPTURE);
            final MemorySegment path = arena.allocateFrom(file.toString());
            final int fd = (int)OPEN.invokeExact(state, path, flags, 0644);
            return fd >= 0 ? fd : -errno(state);
        } catch (final Throwable t) {
            throw new IllegalStateException("open failed: file=" + file, t);
        }
    }

    /** Opens an existing file for reading and writing; returns the fd or {@code -errno}. */
    static int openReadWrite(final Path file) {
        return open(file, O_RDWR | O_CLOEXEC);
    }

    /**
     * {@code fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, size)}: the range reads as zeros again, its
     * blocks stay allocated (ext4 and XFS make the extents unwritten: nothing is written), and its
     * pages leave the page cache. 0 or {@code errno}; retried on EINTR.
     */
    static int zeroRange(final int fd, final long size) {
        return fallocateMode(fd, FALLOC_FL_ZERO_RANGE, size);
    }

    /** {@code fallocate(fd, 0, 0, size)}: 0 or {@code errno}; retried on EINTR. */
    static int fallocate(final int fd, final long size) {
        return fallocateMode(fd, 0, size);
    }

    private static int fallocateMode(final int fd, final int mode, final long size) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(CAPTURE);
            int rc;
            do {
                rc = (int)FALLOCATE.invokeExact(state, fd, mode, 0L, size);
            } while (rc != 0 && errno(state) == EINTR);
            return rc == 0 ? 0 : errno(state);
        } catch (final Throwable t) {
            throw new IllegalStateException("fallocate failed: fd=" + fd, t);
        }
    }

    /**
     * Bytes of disk allocated to the file ({@code st_blocks * 512}), or -1 when unknown. Both
     * x86-64 and AArch64 Linux put {@code st_size} at offset 48 and {@code st_blocks} at 64 of
     * {@code struct stat}; the size is checked against {@code expectedSize} to catch another layout.
     */
    static long allocatedBytes(final int fd, final long expectedSize) {
        if (FSTAT == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(CAPTURE);
            final MemorySegment stat = arena.allocate(256, 8);
            final int rc = (int)FSTAT.invokeExact(state, fd, stat);
            if (rc != 0 || stat.get(ValueLayout.JAVA_LONG, 48) != expectedSize) {
                return -1;
            }
            return stat.get(ValueLayout.JAVA_LONG, 64) * 512;
        } catch (final Throwable t) {
            throw new IllegalStateException("fstat failed: fd=" + fd, t);
        }
    }

    static int fsync(final int fd) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(CAPTURE);
            final int rc = (int)FSYNC.invokeExact(state, fd);
            return rc == 0 ? 0 : errno(state);
        } catch (final Throwable t) {
            throw new IllegalStateException("fsync failed: fd=" + fd, t);
        }
    }

    /** Drops a file's clean pages from the page cache; best effort. */
    static void dropCache(final int fd, final long length) {
        if (FADVISE == null) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            final int ignored = (int)FADVISE.invokeExact(arena.allocate(CAPTURE), fd, 0L, length, POSIX_FADV_DONTNEED);
        } catch (final Throwable t) {
            throw new IllegalStateException("posix_fadvise failed: fd=" + fd, t);
        }
    }

    static int close(final int fd) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(CAPTURE);
            final int rc = (int)CLOSE.invokeExact(state, fd);
            return rc == 0 ? 0 : errno(state);
        } catch (final Throwable t) {
            throw new IllegalStateException("close failed: fd=" + fd, t);
        }
    }

    /**
     * Populates a mapping's page tables ({@code MADV_POPULATE_READ} or {@code MADV_POPULATE_WRITE},
     * Linux 5.14+). Returns false when not supported; the caller then touches the pages itself.
     */
    static boolean populate(final MemorySegment mapping, final boolean write) {
        return advise(mapping, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
    }

    /**
     * {@code madvise(2)} of the whole mapping. Returns false when it is not supported or refused:
     * {@code MADV_RANDOM} and {@code MADV_WILLNEED} are advice only, and for the populate advice
     * the caller falls back to touching the pages.
     */
    static boolean advise(final MemorySegment mapping, final int advice) {
        if (MADVISE == null) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(CAPTURE);
            return (int)MADVISE.invokeExact(state, mapping, mapping.byteSize(), advice) == 0;
        } catch (final Throwable t) {
            throw new IllegalStateException("madvise failed: address=" + mapping.address() + ", advice=" + advice, t);
        }
    }

    /**
     * The id of the mount {@code path} lies on ({@code statx(2)} with {@code STATX_MNT_ID}, Linux
     * 5.8+), or 0 when unknown. {@code stx_mnt_id} is at offset 144 of the 256-byte
     * {@code struct statx} on every Linux architecture; the returned mask says whether it was filled.
     */
    static long mountId(final Path path) {
        if (STATX == null) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment state = arena.allocate(CAPTURE);
            final MemorySegment buffer = arena.allocate(STATX_SIZE, 8);
            final int rc = (int)STATX.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()), 0, STATX_MNT_ID, buffer);
            if (rc != 0 || (buffer.get(ValueLayout.JAVA_INT, 0) & STATX_MNT_ID) == 0) {
                return 0;
            }
            return buffer.get(ValueLayout.JAVA_LONG, STATX_MNT_ID_OFFSET);
        } catch (final Throwable t) {
            throw new IllegalStateException("statx failed: path=" + path, t);
        }
    }

    /** Null when downcalls work; else why not, naming the JVM flag that enables them. */
    static String deniedReason() {
        return DENIED;
    }

    private static int errno(final MemorySegment state) {
        return (int)ERRNO.get(state, 0L);
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor) {
        if (DENIED != null) {
            return null;
        }
        final Optional<MemorySegment> symbol = LINKER.defaultLookup().find(name).or(() -> SymbolLookup.loaderLookup().find(name));
        return symbol.map(address -> LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO)).orElse(null);
    }

    /**
     * Tries one harmless restricted call (a downcall handle for {@code getpid}, never invoked):
     * under {@code --illegal-native-access=deny} it throws, and then no downcall is attempted
     * again. Logs one warning naming the flag that enables the native path.
     */
    private static String probeNativeAccess() {
        final Optional<MemorySegment> getpid = LINKER.defaultLookup().find("getpid");
        if (getpid.isEmpty()) {
            return null;
        }
        try {
            LINKER.downcallHandle(getpid.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            return null;
        } catch (final IllegalCallerException ex) {
            final Module module = Native.class.getModule();
            final String reason = "native access is denied to " + (module.isNamed() ? "module " + module.getName() : "the class path")
                + " (" + ex.getMessage() + "): segments are preallocated by zero-fill, without madvise or statx;"
                + " add --enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED") + " to use fallocate and madvise";
            System.getLogger("dev.mmwal").log(System.Logger.Level.WARNING, reason);
            return reason;
        }
    }
}

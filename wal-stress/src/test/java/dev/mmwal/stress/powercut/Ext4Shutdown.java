package dev.mmwal.stress.powercut;

import dev.mmwal.io.MountInfo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A kernel power cut: {@code ioctl(EXT4_IOC_SHUTDOWN, EXT4_GOING_FLAGS_NOLOGFLUSH)} on a mounted
 * ext4 file system. From that instant the file system does no more I/O: the running journal
 * transaction is dropped, not committed; dirty page-cache pages are never written; every later
 * write, sync or page fault that needs the disk fails. What had reached the device stays; after a
 * remount the journal replays to its last committed transaction, as after a power failure.
 *
 * <p><b>The guard.</b> The ioctl would stop whatever ext4 it is pointed at, the machine's root file
 * system included, so it is issued only after every one of these holds, each checked on the open
 * directory descriptor the ioctl will use, and any mismatch throws {@link Refused} (with key=value
 * details) without issuing it:
 * <ol type="a">
 *   <li>the mount point is absolute, free of symbolic links, not {@code /}, strictly inside the
 *   test's scratch directory, which is strictly inside {@code java.io.tmpdir} (not {@code /}); the
 *   descriptor ({@code /proc/self/fd/N}) names that same directory;</li>
 *   <li>{@code /proc/self/mountinfo}'s topmost mount on exactly that directory is ext4, mounts the
 *   file system's root, and has as its source exactly the loop device {@link LoopExt4} attached;</li>
 *   <li>the descriptor's {@code st_dev} equals that device node's {@code st_rdev}, the node is a
 *   block device, and its major number is 7 (loop);</li>
 *   <li>the loop device's {@code backing_file} in sysfs is the image {@link LoopExt4} created;</li>
 *   <li>that {@code st_dev} differs from those of {@code /}, the working directory and
 *   {@code java.io.tmpdir}.</li>
 * </ol>
 * Check (a) runs before anything is opened. Opening a directory read-only is not privileged, so
 * a refusal never gets as far as a privileged call. The ioctl itself is a constructor argument:
 * {@link #kernel()} gives the real one; the guard's own tests pass a tripwire.
 *
 * <p>Thread-safe (no state beyond the ioctl); blocking.
 */
public final class Ext4Shutdown {
    /** {@code _IOR('X', 125, __u32)}. */
    static final long EXT4_IOC_SHUTDOWN = 0x8004587DL;
    /** Stop without committing the journal: the power-cut flavour. */
    static final int EXT4_GOING_FLAGS_NOLOGFLUSH = 2;
    static final int LOOP_MAJOR = 7;

    /** The file system the caller means to cut: what the guard must find on the machine. */
    public record Target(Path scratchRoot, Path mountPoint, Path device, Path image) {
    }

    /** The guard said no: the ioctl was not issued. */
    public static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Refused(final String message) {
            super("refusing EXT4_IOC_SHUTDOWN: " + message);
        }
    }

    /** The privileged call: {@code ioctl(fd, EXT4_IOC_SHUTDOWN, &flags)}; returns 0 or errno. */
    @FunctionalInterface
    interface Ioctl {
        int shutdown(int fd, int flags);
    }

    /** One line of {@code /proc/self/mountinfo}, the fields the guard reads. */
    record MountEntry(int major, int minor, String root, String mountPoint, String fsType, String source) {
    }

    private final Ioctl ioctl;

    Ext4Shutdown(final Ioctl ioctl) {
        this.ioctl = ioctl;
    }

    /** The real thing: the guard, then the kernel's ioctl. */
    public static Ext4Shutdown kernel() {
        return new Ext4Shutdown(ShutdownCall::shutdown);
    }

    /**
     * Shuts {@code target} down without flushing its journal, if and only if the guard finds it is
     * the loop-mounted ext4 it claims to be.
     *
     * @throws Refused when a check of the guard fails (nothing was shut down)
     * @throws IOException when the directory cannot be opened or the ioctl fails
     */
    public void shutdownWithoutLogFlush(final Target target) throws IOException {
        final Path mountPoint = checkPaths(target);
        final int fd = KernelCalls.openDirectory(mountPoint);
        IOException failure = null;
        try {
            checkDescriptor(fd, mountPoint, target);
            final int errno = ioctl.shutdown(fd, EXT4_GOING_FLAGS_NOLOGFLUSH);
            if (errno != 0) {
                failure = new IOException("EXT4_IOC_SHUTDOWN failed: mountPoint=" + mountPoint + ", device=" + target.device()
                    + ", errno=" + errno);
            }
        } finally {
            final int errno = KernelCalls.close(fd);
            if (errno != 0 && failure == null) {
                failure = new IOException("close failed: mountPoint=" + mountPoint + ", fd=" + fd + ", errno=" + errno);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Check (a), before anything is opened; returns the mount point to open. */
    static Path checkPaths(final Target target) throws IOException {
        final Path mountPoint = target.mountPoint();
        if (!mountPoint.isAbsolute() || !target.scratchRoot().isAbsolute()) {
            throw new Refused("paths must be absolute: mountPoint=" + mountPoint + ", scratchRoot=" + target.scratchRoot());
        }
        final Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        final Path scratch = target.scratchRoot().toRealPath();
        final Path real = mountPoint.toRealPath();
        if (tmp.getNameCount() == 0 || real.getNameCount() == 0) {
            throw new Refused("the root directory is never a target: mountPoint=" + mountPoint + ", realPath=" + real
                + ", tmpdir=" + tmp);
        }
        if (!real.equals(mountPoint)) {
            throw new Refused("the mount point's path goes through a symbolic link: mountPoint=" + mountPoint + ", realPath=" + real);
        }
        if (!isStrictlyInside(scratch, tmp) || !isStrictlyInside(real, scratch)) {
            throw new Refused("the mount point is not inside the test's scratch directory under java.io.tmpdir: mountPoint="
                + real + ", scratchRoot=" + scratch + ", tmpdir=" + tmp);
        }
        return real;
    }

    private static boolean isStrictlyInside(final Path path, final Path dir) {
        return path.startsWith(dir) && path.getNameCount() > dir.getNameCount();
    }

    /** Checks (a) on the descriptor, then (b) to (e). */
    private static void checkDescriptor(final int fd, final Path mountPoint, final Target target) throws IOException {
        final Path fdLink = Path.of("/proc/self/fd/" + fd);
        final Path opened = Files.readSymbolicLink(fdLink);
        if (!opened.equals(mountPoint)) {
            throw new Refused("the descriptor names another directory: mountPoint=" + mountPoint + ", opened=" + opened);
        }
        final Path device = target.device();
        if (!device.toString().matches("/dev/loop[0-9]+")) {
            throw new Refused("the device is not a loop device: device=" + device);
        }
        final MountEntry mount = checkMount(Files.readString(Path.of("/proc/self/mountinfo")), mountPoint, device);
        final long fdDev = (Long)Files.getAttribute(fdLink, "unix:dev");
        final long rdev = (Long)Files.getAttribute(device, "unix:rdev");
        final int mode = (Integer)Files.getAttribute(device, "unix:mode");
        checkDevice(fdDev, rdev, mode, mount, device);
        final String sysfs = Files.readString(Path.of("/sys/block", device.getFileName().toString(), "dev")).strip();
        if (!sysfs.equals(major(fdDev) + ":" + minor(fdDev))) {
            throw new Refused("sysfs names another device: device=" + device + ", sysfsDev=" + sysfs + ", fdDev="
                + major(fdDev) + ":" + minor(fdDev));
        }
        final String backing = Files.readString(Path.of("/sys/block", device.getFileName().toString(), "loop", "backing_file"),
            StandardCharsets.UTF_8).strip();
        if (!backing.equals(target.image().toRealPath().toString())) {
            throw new Refused("the loop device is backed by another file: device=" + device + ", backingFile=" + backing
                + ", image=" + target.image());
        }
        for (final Path other : new Path[] {Path.of("/"), Path.of("").toAbsolutePath(), Path.of(System.getProperty("java.io.tmpdir"))}) {
            final long otherDev = (Long)Files.getAttribute(other, "unix:dev");
            if (otherDev == fdDev) {
                throw new Refused("the mount point is on the same file system as a directory the test must not touch: mountPoint="
                    + mountPoint + ", other=" + other + ", dev=" + major(fdDev) + ":" + minor(fdDev));
            }
        }
    }

    /** Check (b): the topmost mount on {@code mountPoint} is ext4 from {@code device}, at its root; returns it. */
    static MountEntry checkMount(final String mountinfo, final Path mountPoint, final Path device) {
        final MountEntry entry = topmostMount(mountinfo, mountPoint.toString());
        if (entry == null) {
            throw new Refused("nothing is mounted on the directory: mountPoint=" + mountPoint);
        }
        if (!entry.fsType().equals("ext4") || !entry.source().equals(device.toString()) || !entry.root().equals("/")) {
            throw new Refused("the topmost mount is not the loop device's ext4: mountPoint=" + mountPoint + ", fsType="
                + entry.fsType() + ", source=" + entry.source() + ", root=" + entry.root() + ", expectedSource=" + device);
        }
        return entry;
    }

    /**
     * Check (c): the descriptor lives on {@code device}, a loop block device, which is also the
     * device of the mount found by (b).
     */
    static void checkDevice(final long fdDev, final long rdev, final int mode, final MountEntry mount, final Path device) {
        final int blockDevice = 0060000;
        final int typeMask = 0170000;
        if ((mode & typeMask) != blockDevice || fdDev != rdev || major(fdDev) != LOOP_MAJOR
            || mount.major() != major(rdev) || mount.minor() != minor(rdev)) {
            throw new Refused("the directory is not on the loop device: device=" + device + ", fdDev=" + major(fdDev) + ":"
                + minor(fdDev) + ", deviceRdev=" + major(rdev) + ":" + minor(rdev) + ", mountDev=" + mount.major() + ":"
                + mount.minor() + ", blockDevice=" + ((mode & typeMask) == blockDevice) + ", expectedMajor=" + LOOP_MAJOR);
        }
    }

    /**
     * The last (so topmost) line of {@code mountinfo} whose mount point is exactly
     * {@code mountPoint}, or null. Fields: id, parent, major:minor, root, mount point, options,
     * optional fields up to a lone {@code -}, then type, source, super options; paths escape
     * space, tab, newline and backslash as octal ({@code \040}).
     */
    static MountEntry topmostMount(final String mountinfo, final String mountPoint) {
        final MountInfo mount = MountInfo.topmost(List.of(mountinfo.split("\n")), mountPoint);
        return mount == null ? null : new MountEntry(mount.major(), mount.minor(), mount.root(), mount.mountPoint(), mount.fsType(), mount.source());
    }

    static String unescape(final String field) {
        return MountInfo.unescape(field);
    }

    /** glibc's {@code gnu_dev_major}: bits 8-19 and 32-43 of a {@code dev_t}. */
    static int major(final long dev) {
        return (int)(((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL));
    }

    /** glibc's {@code gnu_dev_minor}: bits 0-7 and 20-31 of a {@code dev_t}. */
    static int minor(final long dev) {
        return (int)((dev & 0xffL) | ((dev >>> 12) & ~0xffL));
    }

    /** open and close, for the descriptor the guard checks. */
    @SuppressWarnings("restricted")
    private static final class KernelCalls {
        private static final int O_RDONLY = 0;
        private static final int O_CLOEXEC = 02000000;
        private static final Linker LINKER = Linker.nativeLinker();
        private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
        // open is variadic: mode goes as a variadic argument
        private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), 2);
        private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), -1);

        private KernelCalls() {
        }

        static MethodHandle downcall(final String name, final FunctionDescriptor descriptor, final int firstVariadic) {
            final MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc symbol not found: name=" + name));
            return firstVariadic < 0
                ? LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO)
                : LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(firstVariadic));
        }

        /** {@code O_DIRECTORY} differs by architecture (arm64 keeps arm's value). */
        private static int oDirectory() {
            return switch (System.getProperty("os.arch")) {
                case "amd64", "x86_64" -> 0200000;
                case "aarch64" -> 040000;
                default -> throw new Refused("unknown O_DIRECTORY for this architecture: os.arch=" + System.getProperty("os.arch"));
            };
        }

        static int openDirectory(final Path dir) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment state = arena.allocate(CAPTURE);
                final int fd = (int)OPEN.invokeExact(state, arena.allocateFrom(dir.toString()), O_RDONLY | oDirectory() | O_CLOEXEC, 0);
                if (fd < 0) {
                    throw new IOException("open failed: dir=" + dir + ", errno=" + errno(state));
                }
                return fd;
            } catch (final IOException | RuntimeException ex) {
                throw ex;
            } catch (final Throwable t) {
                throw new IllegalStateException("open failed: dir=" + dir, t);
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

        static int errno(final MemorySegment state) {
            return (int)ERRNO.get(state, 0L);
        }
    }

    /**
     * The ioctl, in a holder of its own: only {@link #kernel()} refers to it, so an instance made
     * with another {@link Ioctl} (the guard's tests) never even links it.
     */
    private static final class ShutdownCall {
        // ioctl is variadic: its argument pointer goes as a variadic argument
        private static final MethodHandle IOCTL = KernelCalls.downcall("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), 2);

        private ShutdownCall() {
        }

        static int shutdown(final int fd, final int flags) {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment state = arena.allocate(KernelCalls.CAPTURE);
                final MemorySegment argument = arena.allocateFrom(ValueLayout.JAVA_INT, flags);
                final int rc = (int)IOCTL.invokeExact(state, fd, EXT4_IOC_SHUTDOWN, argument);
                return rc == 0 ? 0 : KernelCalls.errno(state);
            } catch (final Throwable t) {
                throw new IllegalStateException("ioctl failed: fd=" + fd, t);
            }
        }
    }
}

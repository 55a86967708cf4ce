package dev.mmwal.stress.powercut;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard of {@link Ext4Shutdown} refuses every target that is not the loop mount, in every
 * build, without root. Every instance here is built with a tripwire instead of the kernel's ioctl,
 * so no test in this class can shut a real file system down even if the guard let one through;
 * the tripwire counts and fails instead. (The guard letting the real loop mount through is checked
 * by {@link KernelPowerCutTest}, which needs root.)
 */
class Ext4ShutdownGuardTest {
    private static final long LOOP3 = 7L << 8 | 3;

    private final AtomicInteger tripped = new AtomicInteger();
    private final Ext4Shutdown tripwire = new Ext4Shutdown((fd, flags) -> {
        tripped.incrementAndGet();
        throw new AssertionError("the guard let the ioctl through: fd=" + fd);
    });

    @TempDir
    Path tempDir;
    /** The temporary directory's real path: the guard refuses a path through a symbolic link before anything else. */
    private Path tmp;

    @BeforeEach
    void realPath() throws IOException {
        tmp = tempDir.toRealPath();
    }

    @AfterEach
    void neverReachedTheIoctl() {
        assertEquals(0, tripped.get(), "ioctl calls");
    }

    private Ext4Shutdown.Target target(final Path mountPoint) {
        return new Ext4Shutdown.Target(tmp, mountPoint, Path.of("/dev/loop0"), tmp.resolve("ext4.img"));
    }

    @Test
    void shouldRefuseTheRootFileSystem() {
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class,
            () -> tripwire.shutdownWithoutLogFlush(new Ext4Shutdown.Target(Path.of("/"), Path.of("/"), Path.of("/dev/vda"), tmp)));
        assertTrue(refused.getMessage().contains("the root directory is never a target"), refused.getMessage());
    }

    @Test
    void shouldRefuseARelativePath() {
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class,
            () -> tripwire.shutdownWithoutLogFlush(target(Path.of("mnt"))));
        assertTrue(refused.getMessage().contains("absolute"), refused.getMessage());
    }

    @Test
    void shouldRefuseADirectoryThatIsNotAMountPoint() throws Exception {
        final Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class, () -> tripwire.shutdownWithoutLogFlush(target(mnt)));
        assertTrue(refused.getMessage().contains("nothing is mounted on the directory"), refused.getMessage());
    }

    @Test
    void shouldRefuseTheScratchDirectoryItself() {
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class, () -> tripwire.shutdownWithoutLogFlush(target(tmp)));
        assertTrue(refused.getMessage().contains("not inside the test's scratch directory"), refused.getMessage());
    }

    @Test
    void shouldRefuseAMountOutsideTheScratchDirectory() {
        final Path outside = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of("/proc");
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class, () -> tripwire.shutdownWithoutLogFlush(target(outside)));
        assertTrue(refused.getMessage().contains("not inside the test's scratch directory"), refused.getMessage());
    }

    @Test
    void shouldRefuseAScratchDirectoryOutsideTheTempDirectory() {
        final Path outside = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of("/proc");
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class,
            () -> tripwire.shutdownWithoutLogFlush(new Ext4Shutdown.Target(Path.of("/dev"), outside, Path.of("/dev/loop0"), tmp)));
        assertTrue(refused.getMessage().contains("under java.io.tmpdir"), refused.getMessage());
    }

    @Test
    void shouldRefuseASymbolicLinkToTheRootFileSystem() throws Exception {
        final Path link = Files.createSymbolicLink(tmp.resolve("mnt"), Path.of("/"));
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class, () -> tripwire.shutdownWithoutLogFlush(target(link)));
        assertTrue(refused.getMessage().contains("the root directory is never a target"), refused.getMessage());
    }

    @Test
    void shouldRefuseASymbolicLinkInsideTheScratchDirectory() throws Exception {
        final Path real = Files.createDirectory(tmp.resolve("real"));
        final Path link = Files.createSymbolicLink(tmp.resolve("mnt"), real);
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class, () -> tripwire.shutdownWithoutLogFlush(target(link)));
        assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());
    }

    @Test
    void shouldFindTheTopmostMountOnExactlyThePath() {
        final String mountinfo = """
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            40 27 7:3 / /tmp/s/mnt rw,relatime shared:7 - ext4 /dev/loop3 rw
            41 27 0:30 / /tmp/s/mnt/log rw - tmpfs tmpfs rw
            42 27 0:31 / /tmp/s/mnt\\040x rw - tmpfs tmpfs rw
            """;
        final Ext4Shutdown.MountEntry entry = Ext4Shutdown.topmostMount(mountinfo, "/tmp/s/mnt");
        assertEquals(new Ext4Shutdown.MountEntry(7, 3, "/", "/tmp/s/mnt", "ext4", "/dev/loop3"), entry);
        assertEquals("tmpfs", Ext4Shutdown.topmostMount(mountinfo, "/tmp/s/mnt x").fsType());
        assertNull(Ext4Shutdown.topmostMount(mountinfo, "/tmp/s"));
        assertEquals(entry, Ext4Shutdown.checkMount(mountinfo, Path.of("/tmp/s/mnt"), Path.of("/dev/loop3")));
    }

    @Test
    void shouldRefuseAMountCoveredByAnother() {
        final String mountinfo = """
            40 27 7:3 / /tmp/s/mnt rw - ext4 /dev/loop3 rw
            43 40 0:32 / /tmp/s/mnt rw - tmpfs tmpfs rw
            """;
        assertRefusedMount(mountinfo, "the topmost mount is not the loop device's ext4");
    }

    @Test
    void shouldRefuseAMountOfAnotherTypeSourceOrRoot() {
        assertRefusedMount("40 27 7:3 / /tmp/s/mnt rw - xfs /dev/loop3 rw\n", "fsType=xfs");
        assertRefusedMount("40 27 254:0 / /tmp/s/mnt rw - ext4 /dev/vda rw\n", "source=/dev/vda");
        assertRefusedMount("40 27 7:3 /log /tmp/s/mnt rw - ext4 /dev/loop3 rw\n", "root=/log");
    }

    private static void assertRefusedMount(final String mountinfo, final String expected) {
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class,
            () -> Ext4Shutdown.checkMount(mountinfo, Path.of("/tmp/s/mnt"), Path.of("/dev/loop3")));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void shouldRefuseADirectoryNotOnTheLoopDevice() {
        final int blockDevice = 0060644;
        final Path loop3 = Path.of("/dev/loop3");
        final Ext4Shutdown.MountEntry onLoop3 = new Ext4Shutdown.MountEntry(7, 3, "/", "/tmp/s/mnt", "ext4", "/dev/loop3");
        Ext4Shutdown.checkDevice(LOOP3, LOOP3, blockDevice, onLoop3, loop3);
        final long vda = 254L << 8;
        final Ext4Shutdown.MountEntry onVda = new Ext4Shutdown.MountEntry(254, 0, "/", "/", "ext4", "/dev/vda");
        assertThrows(Ext4Shutdown.Refused.class, () -> Ext4Shutdown.checkDevice(vda, LOOP3, blockDevice, onLoop3, loop3));
        assertThrows(Ext4Shutdown.Refused.class, () -> Ext4Shutdown.checkDevice(vda, vda, blockDevice, onVda, Path.of("/dev/vda")));
        assertThrows(Ext4Shutdown.Refused.class, () -> Ext4Shutdown.checkDevice(LOOP3, LOOP3, 0100644, onLoop3, loop3));
        final Ext4Shutdown.MountEntry onLoop4 = new Ext4Shutdown.MountEntry(7, 4, "/", "/tmp/s/mnt", "ext4", "/dev/loop3");
        final Ext4Shutdown.Refused refused = assertThrows(Ext4Shutdown.Refused.class,
            () -> Ext4Shutdown.checkDevice(LOOP3, LOOP3, blockDevice, onLoop4, loop3));
        assertTrue(refused.getMessage().contains("mountDev=7:4"), refused.getMessage());
    }

    @Test
    void shouldDecodeDeviceNumbersAsGlibcDoes() {
        assertEquals(7, Ext4Shutdown.major(LOOP3));
        assertEquals(3, Ext4Shutdown.minor(LOOP3));
        // glibc's makedev(0x12345, 0x6789a), written out: numbers too big for the old 8:8 split
        final long dev = ((0x12345L & 0xfffL) << 8) | ((0x12345L & ~0xfffL) << 32) | (0x6789aL & 0xffL) | ((0x6789aL & ~0xffL) << 12);
        assertEquals(0x12345, Ext4Shutdown.major(dev));
        assertEquals(0x6789a, Ext4Shutdown.minor(dev));
    }

    @Test
    void shouldUnescapeOctalSequences() {
        assertEquals("/a b\tc\\d", Ext4Shutdown.unescape("/a\\040b\\011c\\134d"));
        assertEquals("/a\\04", Ext4Shutdown.unescape("/a\\04"));
    }
}

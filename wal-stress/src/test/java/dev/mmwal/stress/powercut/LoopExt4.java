package dev.mmwal.stress.powercut;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away ext4 file system on a loop device: the stage {@link Ext4Shutdown} cuts. All of it
 * lives in one fresh directory under {@code java.io.tmpdir} (its real path): the backing image
 * {@code ext4.img}, fully allocated so the loop device never hits a hole, and the mount point
 * {@code mnt}. The steps are the util-linux and e2fsprogs commands, each run through
 * {@link ProcessBuilder} with its exit status checked: a failure throws an {@link IOException}
 * naming the command, its exit code and its stderr.
 *
 * <p>{@link #remount()} is the power coming back: unmount, detach the loop device (dropping its
 * block cache), attach the image again (possibly as another {@code /dev/loopN}) and mount, which
 * replays the ext4 journal. What survives is exactly what reached the image file.
 *
 * <p>Needs root (losetup, mount). One thread drives an instance; not thread-safe. {@link #close()}
 * tries every clean-up step even when one fails, and deletes only the files it created (never a
 * recursive delete, so a mount that would not go away is never emptied).
 */
public final class LoopExt4 implements AutoCloseable {
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final int UMOUNT_ATTEMPTS = 5;

    private final Path root;
    private final Path image;
    private final Path mountPoint;
    private final Thread cleanupHook;
    private Path device;
    private boolean mounted;
    private boolean closed;

    private LoopExt4(final Path root) {
        this.root = root;
        this.image = root.resolve("ext4.img");
        this.mountPoint = root.resolve("mnt");
        this.cleanupHook = new Thread(this::closeQuietly, "loop-ext4-cleanup");
    }

    /**
     * Creates an image of {@code imageBytes}, attaches it, makes ext4 on it and mounts it.
     *
     * @throws IOException when a step fails; whatever was set up is torn down again
     */
    public static LoopExt4 create(final long imageBytes) throws IOException {
        final Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        final LoopExt4 loop = new LoopExt4(Files.createTempDirectory(tmp, "mmwal-powercut-"));
        Runtime.getRuntime().addShutdownHook(loop.cleanupHook);
        try {
            Files.createDirectory(loop.mountPoint);
            run("fallocate", "-l", Long.toString(imageBytes), loop.image.toString());
            loop.attach();
            run("mkfs.ext4", "-q", "-F", loop.device.toString());
            loop.mount();
            return loop;
        } catch (final IOException | RuntimeException ex) {
            try {
                loop.close();
            } catch (final IOException | RuntimeException cleanup) {
                ex.addSuppressed(cleanup);
            }
            throw ex;
        }
    }

    /** The fresh directory holding the image and the mount point. */
    public Path root() {
        return root;
    }

    public Path mountPoint() {
        return mountPoint;
    }

    public Path image() {
        return image;
    }

    /** The loop device now attached ({@code /dev/loopN}); may change at each {@link #remount()}. */
    public Path device() {
        return device;
    }

    /** What {@link Ext4Shutdown} must find before it may shut this file system down. */
    public Ext4Shutdown.Target target() {
        return new Ext4Shutdown.Target(root, mountPoint, device, image);
    }

    /** Power back on: unmount, detach, attach the image again, mount (replaying the journal). */
    public void remount() throws IOException {
        unmount();
        detach();
        attach();
        mount();
    }

    /**
     * Unmounts and runs {@code e2fsck -fn} on the device: a forced, read-only check of the file
     * system itself.
     *
     * @return e2fsck's output
     * @throws IOException when unmounting fails or e2fsck reports anything (exit status not 0)
     */
    public String unmountAndCheck() throws IOException {
        unmount();
        return run("e2fsck", "-fn", device.toString());
    }

    private void attach() throws IOException {
        final String attached = run("losetup", "--find", "--show", image.toString()).trim();
        if (!attached.matches("/dev/loop[0-9]+")) {
            throw new IOException("losetup printed no loop device: image=" + image + ", output=" + attached);
        }
        device = Path.of(attached);
    }

    private void detach() throws IOException {
        run("losetup", "-d", device.toString());
        device = null;
    }

    private void mount() throws IOException {
        run("mount", "-t", "ext4", device.toString(), mountPoint.toString());
        mounted = true;
    }

    /** A child killed a moment ago may still be letting go of its mappings: EBUSY is retried briefly. */
    private void unmount() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                run("umount", mountPoint.toString());
                mounted = false;
                return;
            } catch (final IOException ex) {
                if (attempt == UMOUNT_ATTEMPTS) {
                    throw ex;
                }
                sleep(200);
            }
        }
    }

    /** Unmounts, detaches, deletes the image and the directories; every step is tried, the first failure thrown. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        final List<Exception> failures = new ArrayList<>();
        if (mounted) {
            step(failures, this::unmount);
        }
        if (device != null) {
            step(failures, this::detach);
        }
        if (!mounted) {
            step(failures, () -> Files.deleteIfExists(image));
            step(failures, () -> Files.deleteIfExists(mountPoint));
            step(failures, () -> Files.deleteIfExists(root));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (final IllegalStateException ignored) {
            // the JVM is shutting down: this is the hook running
        }
        if (!failures.isEmpty()) {
            final IOException failure = new IOException("loop ext4 clean-up failed: root=" + root + ", mounted=" + mounted
                + ", device=" + device + ", failures=" + failures.size(), failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (final IOException | RuntimeException ex) {
            System.err.println("loop ext4 clean-up at exit failed: root=" + root + ", problem=" + ex);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void step(final List<Exception> failures, final Step step) {
        try {
            step.run();
        } catch (final IOException | RuntimeException ex) {
            failures.add(ex);
        }
    }

    /**
     * Runs {@code command} (its program an absolute path, or looked up on PATH, then in the sbin
     * directories) and waits
     * for it.
     *
     * @return its standard output
     * @throws IOException when it cannot start, runs past the timeout, or exits with a status other than 0
     */
    static String run(final String... command) throws IOException {
        final List<String> line = new ArrayList<>(List.of(command));
        line.set(0, executable(command[0]).toString());
        final Process process = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        // both pipes are drained at once, so neither can fill and stall the command
        final CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        final String stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("command timed out: command=" + line + ", timeoutSeconds=" + COMMAND_TIMEOUT_SECONDS);
            }
            final String out = stdout.get();
            if (process.exitValue() != 0) {
                throw new IOException("command failed: command=" + line + ", exit=" + process.exitValue()
                    + ", stderr=" + stderr.strip() + ", stdout=" + out.strip());
            }
            return out;
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for a command: command=" + line, ex);
        } catch (final ExecutionException ex) {
            throw new IOException("reading a command's output failed: command=" + line, ex.getCause());
        }
    }

    private static String drain(final InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path executable(final String name) throws IOException {
        if (Path.of(name).isAbsolute() && Files.isExecutable(Path.of(name))) {
            return Path.of(name);
        }
        final List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (final String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new IOException("command not found (needs util-linux and e2fsprogs): command=" + name + ", searched=" + dirs);
    }

    private static void sleep(final long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }
}

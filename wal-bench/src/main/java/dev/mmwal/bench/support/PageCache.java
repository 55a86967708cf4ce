package dev.mmwal.bench.support;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Drops the clean cached pages of files with {@code posix_fadvise(POSIX_FADV_DONTNEED)}, so a
 * benchmark can measure a cold read without dropping the whole machine's page cache (other
 * processes share it). Dirty pages are not dropped: sync the files first.
 */
@SuppressWarnings("restricted") // FFM downcalls: the forks run with --enable-native-access
public final class PageCache {
    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final MethodHandle OPEN;
    private static final MethodHandle FADVISE;
    private static final MethodHandle CLOSE;

    static {
        final Linker linker = Linker.nativeLinker();
        final var libc = linker.defaultLookup();
        OPEN = linker.downcallHandle(libc.find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
        FADVISE = linker.downcallHandle(libc.find("posix_fadvise").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        CLOSE = linker.downcallHandle(libc.find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private PageCache() {
    }

    /** Drops the cached pages of every regular file directly in {@code dir}. */
    public static void dropDirectory(final Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (final Path file : files) {
                if (Files.isRegularFile(file)) {
                    drop(file);
                }
            }
        }
    }

    /** Drops the cached pages of {@code file}. */
    public static void drop(final Path file) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            final int fd = (int)OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY, 0);
            if (fd < 0) {
                throw new IOException("cannot open to drop its cached pages: file=" + file);
            }
            try {
                final int rc = (int)FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
                if (rc != 0) {
                    throw new IOException("posix_fadvise failed: file=" + file + ", errno=" + rc);
                }
            } finally {
                final int ignored = (int)CLOSE.invokeExact(fd);
                assert ignored >= -1;
            }
        } catch (final IOException | RuntimeException | Error ex) {
            throw ex;
        } catch (final Throwable ex) {
            throw new IOException("native call failed: file=" + file, ex);
        }
    }
}

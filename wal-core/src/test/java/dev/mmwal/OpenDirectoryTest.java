package dev.mmwal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link Wal#open} does with each kind of directory: createIfMissing, errorIfExists, foreign directories, plain files. */
class OpenDirectoryTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path root;

    private static WalConfig.Builder config(final Path dir) {
        return WalConfig.builder(dir).segmentSize(SEGMENT);
    }

    @Test
    void shouldCreateAMissingDirectoryByDefault() {
        final Path dir = root.resolve("a/b/log");
        try (Wal wal = Wal.open(config(dir).build())) {
            wal.appendAndCommit(new byte[] {1});
        }
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void shouldRefuseAMissingDirectoryWhenCreateIfMissingIsFalse() {
        final Path dir = root.resolve("log");
        final WalConfigException ex = assertThrows(WalConfigException.class, () -> Wal.open(config(dir).createIfMissing(false).build()));
        assertEquals("no log to open and createIfMissing is false: dir=" + dir + ", found=directory does not exist", ex.getMessage());
        assertFalse(Files.exists(dir), "nothing was created");
    }

    @Test
    void shouldRefuseAnEmptyDirectoryWhenCreateIfMissingIsFalse() throws IOException {
        final WalConfigException ex = assertThrows(WalConfigException.class, () -> Wal.open(config(root).createIfMissing(false).build()));
        assertEquals("no log to open and createIfMissing is false: dir=" + root + ", found=directory holds no log", ex.getMessage());
        assertEquals(List.of(), entries(root), "not even the lock file was created");
    }

    @Test
    void shouldOpenAnExistingLogWhenCreateIfMissingIsFalse() {
        try (Wal wal = Wal.open(config(root).build())) {
            wal.appendAndCommit(new byte[] {1});
        }
        try (Wal wal = Wal.open(WalConfig.builder(root).createIfMissing(false).build())) {
            assertTrue(wal.reader(0).next(new LogRecord()));
        }
    }

    @Test
    void shouldRefuseAnExistingLogWhenErrorIfExists() {
        try (Wal wal = Wal.open(config(root).errorIfExists(true).build())) {
            wal.appendAndCommit(new byte[] {1});
        }
        final WalConfigException ex = assertThrows(WalConfigException.class, () -> Wal.open(config(root).errorIfExists(true).build()));
        assertTrue(ex.getMessage().startsWith("a log already exists and errorIfExists is set: dir=" + root + ", segments="), ex.getMessage());
    }

    @Test
    void shouldRejectErrorIfExistsWithoutCreateIfMissing() {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> WalConfig.builder(root).errorIfExists(true).createIfMissing(false).build());
        assertTrue(ex.getMessage().contains("errorIfExists=true, createIfMissing=false"), ex.getMessage());
    }

    @Test
    void shouldRefuseAForeignDirectoryAndLeaveItUntouched() throws IOException {
        Files.writeString(root.resolve("readme.txt"), "not a log");
        Files.createDirectory(root.resolve("data"));
        final WalConfigException ex = assertThrows(WalConfigException.class, () -> Wal.open(config(root).build()));
        assertEquals("directory holds other files and no log, refusing to make it a log: dir=" + root
            + ", entries=[data, readme.txt] (give the log an empty or new directory of its own)", ex.getMessage());
        assertEquals(List.of("data", "readme.txt"), entries(root), "no segment, no lock file");
    }

    @Test
    void shouldTakeADirectoryHoldingOnlyMmwalFilesForEmpty() throws IOException {
        Files.createFile(root.resolve("mmwal.lock"));
        Files.createDirectory(root.resolve("tailers"));
        Files.createFile(root.resolve("0000000000000000.wal.tmp"));
        try (Wal wal = Wal.open(config(root).build())) {
            assertTrue(wal.appendAndCommit(new byte[] {1}) > 0);
        }
    }

    @Test
    void shouldNameTheCauseWhenTheDirectoryIsAPlainFile() throws IOException {
        final Path file = Files.writeString(root.resolve("file"), "x");
        final WalConfigException ex = assertThrows(WalConfigException.class, () -> Wal.open(config(file).build()));
        assertEquals("log directory path is not a directory: dir=" + file + ", found=regular file, errno=ENOTDIR (Not a directory)",
            ex.getMessage());
        final WalException readOnly = assertThrows(WalException.class, () -> ReadOnlyWal.open(file));
        assertTrue(readOnly.getMessage().contains("ENOTDIR (Not a directory)"), readOnly.getMessage());
    }

    @Test
    void shouldNameTheErrnoWhenTheDirectoryCannotBeCreated() throws IOException {
        final Path file = Files.writeString(root.resolve("file"), "x");
        final Path below = file.resolve("log");
        final WalException ex = assertThrows(WalException.class, () -> Wal.open(config(below).build()));
        assertTrue(ex.getMessage().startsWith("cannot open log: dir=" + below + ", cause=ENOTDIR (Not a directory): file="), ex.getMessage());
    }

    private static List<String> entries(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}

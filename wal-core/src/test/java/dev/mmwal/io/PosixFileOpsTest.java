package dev.mmwal.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PosixFileOpsTest {
    private static final long SIZE = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void shouldAllocateEveryBlockWhenPreallocating() throws IOException {
        for (final FileOps.Preallocation preallocation : FileOps.Preallocation.values()) {
            final Path file = dir.resolve(preallocation.name());
            PosixFileOps.INSTANCE.allocate(file, SIZE, preallocation);
            assertEquals(SIZE, Files.size(file));
            assertTrue(PosixFileOps.allocatedBytes(file) >= SIZE, preallocation + ": allocated=" + PosixFileOps.allocatedBytes(file));
        }
    }

    @Test
    void shouldRefuseToOverwriteWhenAllocatingAnExistingFile() throws IOException {
        final Path file = dir.resolve("taken");
        Files.writeString(file, "data");
        assertThrows(IOException.class, () -> PosixFileOps.INSTANCE.allocate(file, SIZE, FileOps.Preallocation.FALLOCATE));
        assertEquals("data", Files.readString(file));
    }

    /**
     * Prefaulting never stores, even where madvise refuses the range (here: an unaligned slice of
     * a read-only mapping, where any store would throw): appenders may be writing those pages.
     */
    @Test
    void shouldNeverStoreWhenPrefaultingForWrite() throws IOException {
        final Path file = dir.resolve("segment");
        PosixFileOps.INSTANCE.allocate(file, SIZE, FileOps.Preallocation.FALLOCATE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
            final MemorySegment readOnly = channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE, arena);
            PosixFileOps.INSTANCE.prefault(readOnly.asSlice(100, 300_000), FileOps.Prefault.WRITE);
            PosixFileOps.INSTANCE.prefault(readOnly, FileOps.Prefault.READ);
        }
    }
}

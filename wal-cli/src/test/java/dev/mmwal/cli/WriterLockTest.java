package dev.mmwal.cli;

import dev.mmwal.Wal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WriterLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldParseProcLocksLines() {
        final List<String> lines = List.of(
            "1: POSIX  ADVISORY  WRITE 4242 fd:01:131090 0 EOF",
            "2: -> POSIX  ADVISORY  WRITE 777 fd:01:99 0 EOF",
            "3: OFDLCK ADVISORY  WRITE -1 fd:01:99 0 EOF");
        assertEquals(4242, WriterLock.holder(lines, 0xfd, 1, 131090));
        assertEquals(0, WriterLock.holder(lines, 0xfd, 1, 99));
        assertEquals(WriterLock.NONE, WriterLock.holder(lines, 0xfd, 2, 131090));
    }

    @Test
    void shouldFindThisProcessHoldingAnOpenLog() {
        try (Wal wal = Wal.open(TestLogs.config(dir))) {
            assertEquals(ProcessHandle.current().pid(), WriterLock.holder(dir), () -> "lock of " + wal.config().directory());
        }
        assertEquals(WriterLock.NONE, WriterLock.holder(dir));
    }
}

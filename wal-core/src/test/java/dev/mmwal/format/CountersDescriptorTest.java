package dev.mmwal.format;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersDescriptorTest {
    @TempDir
    Path dir;

    @Test
    void shouldPinTheLayoutToAgronasRecordLengths() {
        assertEquals(CountersReader.METADATA_LENGTH, CountersDescriptor.METADATA_RECORD_LENGTH);
        assertEquals(CountersReader.COUNTER_LENGTH, CountersDescriptor.VALUE_RECORD_LENGTH);
        assertEquals(0, CountersDescriptor.METADATA_OFFSET);
        assertEquals(8192, CountersDescriptor.METADATA_LENGTH);
        assertEquals(8192, CountersDescriptor.VALUES_OFFSET);
        assertEquals(2048, CountersDescriptor.VALUES_LENGTH);
        assertEquals(10240, CountersDescriptor.FILE_LENGTH);
        assertEquals("mmwal.counters", CountersDescriptor.FILE_NAME);
        assertEquals(CountersReader.TYPE_ID_OFFSET, CountersDescriptor.TYPE_ID_OFFSET);
        assertEquals(CountersReader.FREE_FOR_REUSE_DEADLINE_OFFSET, CountersDescriptor.FREE_FOR_REUSE_DEADLINE_OFFSET);
        assertEquals(CountersReader.LABEL_OFFSET, CountersDescriptor.LABEL_LENGTH_OFFSET);
        assertEquals(CountersReader.LABEL_OFFSET + 4, CountersDescriptor.LABEL_OFFSET);
        assertEquals(CountersReader.RECORD_ALLOCATED, CountersDescriptor.RECORD_ALLOCATED);
        assertEquals(CountersReader.NOT_FREE_TO_REUSE, CountersDescriptor.NOT_FREE_TO_REUSE);
    }

    @Test
    void shouldCountWhatIsSyncedAndStaleMarkTheFileWhenTheLogCloses() throws IOException {
        final long durable;
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(64 << 10).build())) {
            for (int i = 0; i < 10; i++) {
                wal.appendAndCommit(new byte[100]);
            }
            durable = wal.durableLsn();
        }
        final Map<Integer, Long> byType = read();
        assertEquals(ProcessHandle.current().pid(), byType.get(CountersDescriptor.TYPE_PID));
        assertEquals(0, byType.get(CountersDescriptor.TYPE_OPEN), "stale-marked at close");
        assertEquals(10, byType.get(CountersDescriptor.TYPE_RECORDS));
        assertTrue(byType.get(CountersDescriptor.TYPE_SYNCS) >= 1);
        final long commits = byType.get(CountersDescriptor.TYPE_COMMITS);
        assertTrue(commits >= 1 && commits <= 10, "a commit found already durable is not waited for: commits=" + commits);
        assertEquals(durable, byType.get(CountersDescriptor.TYPE_DURABLE_LSN));
        assertEquals(0, byType.get(CountersDescriptor.TYPE_FAILED));
        assertEquals(0, byType.get(CountersDescriptor.TYPE_BACK_PRESSURE));
    }

    /** Counter value by type id, read from the file as another process would. */
    private Map<Integer, Long> read() throws IOException {
        final Path file = dir.resolve(CountersDescriptor.FILE_NAME);
        assertTrue(Files.exists(file));
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, CountersDescriptor.FILE_LENGTH, arena);
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(mapped.address() + CountersDescriptor.METADATA_OFFSET, CountersDescriptor.METADATA_LENGTH),
                new UnsafeBuffer(mapped.address() + CountersDescriptor.VALUES_OFFSET, CountersDescriptor.VALUES_LENGTH));
            final Map<Integer, Long> byType = new HashMap<>();
            reader.forEach((id, type, key, label) -> {
                assertEquals(type, id + 1, label);
                byType.put(type, reader.getCounterValue(id));
            });
            assertEquals(10, byType.size(), byType::toString);
            assertEquals("durableLsn", reader.getCounterLabel(CountersDescriptor.TYPE_DURABLE_LSN - 1));
            return byType;
        }
    }
}

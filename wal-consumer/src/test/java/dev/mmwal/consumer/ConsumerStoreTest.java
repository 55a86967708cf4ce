package dev.mmwal.consumer;

import dev.mmwal.LogRecord;
import dev.mmwal.ReadOnlyWal;
import dev.mmwal.WalReader;
import dev.mmwal.format.SegmentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The original store's behaviours, as tests: dedup, restart, clear, checkpoints, torn entries, housekeeping. */
class ConsumerStoreTest {
    @TempDir
    Path dir;

    private static Map<String, Object> data(final String key, final Object value) {
        return Map.of(key, value);
    }

    @Test
    void shouldSkipEqualAndLowerIdsWhenPersistedAgain() {
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            assertTrue(store.persist("alice", data("a", 1), 5) >= 0);
            assertEquals(ConsumerStore.DUPLICATE, store.persist("alice", data("a", 2), 5));
            assertEquals(ConsumerStore.DUPLICATE, store.persist("alice", data("a", 3), 4));
            assertEquals(ConsumerStore.DUPLICATE, store.persist("alice", data("a", 4), 0));
            assertTrue(store.persist("alice", data("a", 5), 6) >= 0);
            assertTrue(store.persist("bob", data("b", 1), 1) >= 0, "each client has its own id sequence");
            assertEquals(6, store.maxMessageId("alice"));
            assertEquals(5, store.retrieve("alice").get("a"));
            assertEquals(3, store.stats().duplicates());
        }
    }

    @Test
    void shouldRetrieveMergedStateWhenReopened() {
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            store.persist("alice", Map.of("name", "Alice", "address", Map.of("city", "Oslo")), 1);
            store.persist("alice", Map.of("address", Map.of("zip", "0150")), 2);
            store.persist("alice", Map.of("age", 30), 3);
            store.persist("alice", Map.of("age", 31), 4);
        }
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            final Map<String, Object> state = store.retrieve("alice");
            assertEquals("Alice", state.get("name"));
            assertEquals(Map.of("city", "Oslo", "zip", "0150"), state.get("address"));
            assertEquals(31, state.get("age"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> metadata = (Map<String, Object>)state.get(JsonMapInterpreter.METADATA);
            assertEquals(4, ((Number)metadata.get(JsonMapInterpreter.MAX_MESSAGE_ID)).longValue());
            assertTrue(((Number)metadata.get(JsonMapInterpreter.TIMESTAMP)).longValue() > 0);
            assertEquals(4, store.maxMessageId("alice"));
            assertEquals(ConsumerStore.DUPLICATE, store.persist("alice", Map.of("age", 99), 4));
            assertNull(store.retrieve("nobody"));
            assertEquals(-1, store.maxMessageId("nobody"));
        }
    }

    @Test
    void shouldForgetStateAndIdsWhenCleared() {
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            store.persist("alice", data("a", 1), 1);
            store.persist("alice", data("a", 2), 2);
            store.persist("alice", data("a", 3), 3);
            store.persist("alice", data("a", 4), 4);
            store.persist("bob", data("b", 1), 1);
            assertTrue(store.clear("alice"));
            assertFalse(store.clear("alice"), "nothing left to clear");
            assertFalse(store.clear("carol"));
            assertNull(store.retrieve("alice"));
            assertEquals(-1, store.maxMessageId("alice"));
        }
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            assertNull(store.retrieve("alice"), "the clear is durable");
            assertEquals(-1, store.maxMessageId("alice"));
            assertTrue(store.persist("alice", data("a", 7), 1) >= 0, "after a clear any id is new");
            assertEquals(Map.of("b", 1), withoutMetadata(store.retrieve("bob")));
        }
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            assertEquals(Map.of("a", 7), withoutMetadata(store.retrieve("alice")));
        }
    }

    @Test
    void shouldWriteSnapshotWhenThreeEntriesPersisted() {
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            store.persist("alice", data("a", 1), 1);
            store.persist("alice", data("b", 2), 2);
            assertEquals(0, store.stats().snapshots());
            store.persist("alice", data("c", 3), 3);
            assertEquals(1, store.stats().snapshots(), "the third entry is merged into a snapshot");
            assertEquals(2, store.stats().entries());
            store.persist("alice", data("d", 4), 4);
        }
        assertEquals(List.of("META", "ENTRY", "ENTRY", "SNAPSHOT", "ENTRY"), kinds());
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            final HousekeepingReport report = store.housekeepingReport();
            assertEquals(2, report.recordsSuperseded(), "entries below the snapshot are not replayed");
            assertEquals(2, report.recordsReplayed(), "the snapshot and the entry after it");
            assertEquals(Map.of("a", 1, "b", 2, "c", 3, "d", 4), withoutMetadata(store.retrieve("alice")));
            assertEquals(4, store.maxMessageId("alice"));
        }
    }

    @Test
    void shouldIgnoreTornEntryWhenReopened() throws IOException {
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            store.persist("alice", data("a", 1), 1);
            store.persist("alice", data("a", 2), 2);
        }
        writeTornRecordAtTail();
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            assertFalse(store.housekeepingReport().recovery().clean(), "recovery cut the torn record");
            assertEquals(2, store.maxMessageId("alice"));
            assertEquals(Map.of("a", 2), withoutMetadata(store.retrieve("alice")));
            assertTrue(store.persist("alice", data("a", 3), 3) >= 0, "the torn message was never applied: its retry is");
        }
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            assertEquals(Map.of("a", 3), withoutMetadata(store.retrieve("alice")));
        }
    }

    @Test
    void shouldTruncateRedundantSegmentsWhenCheckpointed() {
        final byte[] blob = new byte[1000];
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.raw(dir))) {
            store.persist("idle", "first".getBytes(StandardCharsets.UTF_8), 1);   // pins the first segment until compacted
            for (int id = 1; id <= 400; id++) {
                blob[0] = (byte)id;
                store.persist("busy-" + id % 4, blob, id);
            }
            final long firstBefore = store.firstLsn();
            final int removed = store.checkpoint();
            assertTrue(removed >= 3, "segments deleted: " + removed);
            assertTrue(store.firstLsn() > firstBefore);
            assertTrue(store.stats().compactionSnapshots() >= 1, "the idle client was re-snapshotted at the tail");
            assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), store.retrieve("idle"));
        }
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.raw(dir))) {
            assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), store.retrieve("idle"));
            assertEquals(1, store.maxMessageId("idle"));
            assertEquals(400, store.maxMessageId("busy-0"));
            assertEquals(399, store.maxMessageId("busy-3"));
            assertEquals((byte)400, store.retrieve("busy-0")[0]);
            assertEquals(ConsumerStore.DUPLICATE, store.persist("busy-1", blob, 397));
            assertEquals(5, store.housekeepingReport().clients());
        }
    }

    @Test
    void shouldReclaimOldSegmentsWhenHousekeepingOnOpen() {
        final byte[] blob = new byte[2000];
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.small(dir, "raw", RawBytesInterpreter.INSTANCE).retainedSegments(5).build())) {
            for (int id = 1; id <= 200; id++) {
                store.persist("c" + id % 3, blob, id);
            }
        }
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.raw(dir))) {
            assertTrue(store.housekeepingReport().segmentsTruncated() > 0, "report: " + store.housekeepingReport());
            assertTrue(store.housekeepingReport().recordsSuperseded() > 0);
            assertEquals(200, store.maxMessageId("c2"));
        }
    }

    @Test
    void shouldLastWriteWinWhenRawBytes() {
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.raw(dir))) {
            final byte[] data = {1, 2, 3};
            store.persist("k", data, 1);
            data[0] = 9;                                   // the caller reusing its array changes nothing stored
            assertArrayEquals(new byte[]{1, 2, 3}, store.retrieve("k"));
            store.persist("k", new byte[]{4}, 2);
            assertArrayEquals(new byte[]{4}, store.retrieve("k"));
        }
    }

    @Test
    void shouldLetAViewReadTheLiveStoreWhenOpenedReadOnly() {
        final ConsumerConfig<Map<String, Object>> config = Stores.json(dir);
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(config)) {
            store.persist("alice", data("a", 1), 1);
            try (ConsumerStoreView<Map<String, Object>> view = ConsumerStoreView.open(config)) {
                assertEquals(Map.of("a", 1), withoutMetadata(view.retrieve("alice")));
                store.persist("alice", data("b", 2), 2);
                store.persist("alice", data("c", 3), 3);
                store.persist("bob", data("x", 1), 10);
                assertEquals(Map.of("a", 1, "b", 2, "c", 3), withoutMetadata(view.retrieve("alice")));
                assertEquals(10, view.maxMessageId("bob"));
                store.clear("bob");
                assertEquals(-1, view.maxMessageId("bob"));
                assertNull(view.retrieve("bob"));
            }
        }
    }

    private List<String> kinds() {
        try (ReadOnlyWal log = ReadOnlyWal.open(dir.resolve("orders"))) {
            final WalReader reader = log.reader(log.firstLsn());
            final LogRecord record = new LogRecord();
            final java.util.ArrayList<String> kinds = new java.util.ArrayList<>();
            while (reader.next(record)) {
                kinds.add(dev.mmwal.consumer.format.RecordKind.name(
                    dev.mmwal.consumer.format.ConsumerRecordDescriptor.kind(record.buffer(), record.payloadOffset())));
            }
            return kinds;
        }
    }

    /** A frame past the last record whose length is set but whose bytes never finished: a torn write. */
    private void writeTornRecordAtTail() throws IOException {
        final long end;
        final Path file;
        try (ReadOnlyWal log = ReadOnlyWal.open(dir.resolve("orders"))) {
            final WalReader reader = log.reader(log.firstLsn());
            final LogRecord record = new LogRecord();
            long scanned = log.firstLsn();
            while (reader.next(record)) {
                scanned = record.endLsn();
            }
            final long last = scanned;
            end = last;
            file = log.segmentFiles().stream()
                .filter(path -> SegmentDescriptor.parseFileName(path.getFileName().toString()) <= last)
                .reduce((first, second) -> second).orElseThrow();
        }
        final long base = SegmentDescriptor.parseFileName(file.getFileName().toString());
        final ByteBuffer torn = ByteBuffer.allocate(48 + 64).order(ByteOrder.LITTLE_ENDIAN);
        torn.putInt(0, 48 + 64).putInt(4, 0xBADC0DE).putLong(8, end).put(40, (byte)1);
        for (int i = 48; i < 48 + 40; i++) {
            torn.put(i, (byte)0x5A);                        // payload half written, the rest still zero
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(torn, end - base);
        }
    }

    static Map<String, Object> withoutMetadata(final Map<String, Object> state) {
        final Map<String, Object> copy = new java.util.LinkedHashMap<>(state);
        copy.remove(JsonMapInterpreter.METADATA);
        return copy;
    }
}

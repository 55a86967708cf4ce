package dev.mmwal.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opt-in window: late ids inside the last W are accepted once, and the window survives restarts and snapshots. */
class DedupWindowStoreTest {
    @TempDir
    Path dir;

    private ConsumerConfig<byte[]> config() {
        return Stores.small(dir, "win", RawBytesInterpreter.INSTANCE).dedupWindow(8).build();
    }

    @Test
    void shouldAcceptLateIdsOnceWhenInsideTheWindow() {
        try (ConsumerStore<byte[]> store = ConsumerStore.open(config())) {
            assertTrue(store.persist("c", new byte[]{10}, 10) >= 0);
            assertTrue(store.persist("c", new byte[]{13}, 13) >= 0);
            assertTrue(store.persist("c", new byte[]{11}, 11) >= 0, "late but inside the window");   // third: a snapshot
            assertEquals(ConsumerStore.DUPLICATE, store.persist("c", new byte[]{11}, 11));
            assertEquals(ConsumerStore.DUPLICATE, store.persist("c", new byte[]{13}, 13));
            assertEquals(ConsumerStore.DUPLICATE, store.persist("c", new byte[]{5}, 5), "at or below max - W: forgotten, so refused");
            assertTrue(store.persist("c", new byte[]{12}, 12) >= 0);
            assertEquals(13, store.maxMessageId("c"));
        }
        try (ConsumerStore<byte[]> store = ConsumerStore.open(config())) {
            for (final long seen : new long[]{10, 11, 12, 13}) {
                assertEquals(ConsumerStore.DUPLICATE, store.persist("c", new byte[]{1}, seen), "id " + seen + " after restart");
            }
            assertTrue(store.persist("c", new byte[]{9}, 9) >= 0, "an unseen id inside the window, after restart");
            store.checkpoint();
        }
        try (ConsumerStore<byte[]> store = ConsumerStore.open(config())) {
            assertEquals(ConsumerStore.DUPLICATE, store.persist("c", new byte[]{9}, 9), "the window came back from the snapshot");
            assertTrue(store.persist("c", new byte[]{7}, 7) >= 0);
            assertEquals(13, store.maxMessageId("c"));
        }
    }

    @Test
    void shouldRefuseEveryLowerIdWhenTheWindowIsOff() {
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.raw(dir))) {
            store.persist("c", new byte[]{1}, 10);
            assertEquals(ConsumerStore.DUPLICATE, store.persist("c", new byte[]{1}, 9));
        }
    }
}

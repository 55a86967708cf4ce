package dev.mmwal.consumer;

import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear exception naming the cause; nothing is partially persisted; a retry applies once. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void assertMessage(final Throwable thrown, final String... parts) {
        for (final String part : parts) {
            assertTrue(thrown.getMessage().contains(part), "message lacks '" + part + "': " + thrown.getMessage());
        }
    }

    @Test
    void shouldRefuseBadArgumentsWhenPersisting() {
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.raw(dir))) {
            assertMessage(assertThrows(NullPointerException.class, () -> store.persist(null, new byte[1], 1)), "clientId is null");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> store.persist("", new byte[1], 1)), "clientId is empty");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> store.persist("x".repeat(257), new byte[1], 1)),
                "clientId too long", "bytes=257", "maxClientIdBytes=256");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> store.persist("é".repeat(129), new byte[1], 1)),
                "clientId too long", "bytes=258");
            assertMessage(assertThrows(NullPointerException.class, () -> store.persist("a", null, 1)), "data is null");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> store.persist("a", new byte[1], -1)),
                "message id must not be negative", "messageId=-1");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> store.persist("a", new byte[(8 << 10) + 1], 1)),
                "data too large", "bytes=8193", "max=8192");
            assertThrows(NullPointerException.class, () -> store.retrieve(null));
            assertEquals(-1, store.maxMessageId("a"), "nothing was persisted");
            assertTrue(store.persist("a", new byte[]{7}, 1) >= 0, "the same id is accepted once the input is good");
        }
    }

    @Test
    void shouldRefuseBadConfigurationWhenBuilt() {
        assertMessage(assertThrows(IllegalArgumentException.class,
            () -> ConsumerConfig.builder(dir, "bad/name", RawBytesInterpreter.INSTANCE).build()), "serviceName");
        assertMessage(assertThrows(IllegalArgumentException.class,
            () -> Stores.small(dir, "s", RawBytesInterpreter.INSTANCE).entriesPerSnapshot(0).build()), "entriesPerSnapshot=0");
        assertMessage(assertThrows(IllegalArgumentException.class,
            () -> Stores.small(dir, "s", RawBytesInterpreter.INSTANCE).dedupWindow(65).build()), "dedupWindow=65");
        assertMessage(assertThrows(IllegalArgumentException.class,
            () -> Stores.small(dir, "s", RawBytesInterpreter.INSTANCE).maxStateBytes(1 << 20).build()), "does not fit a segment");
    }

    @Test
    void shouldPersistNothingWhenTheInterpreterThrowsAndApplyTheRetryOnce() {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final StateInterpreter<byte[]> flaky = new StateInterpreter<>() {
            @Override
            public String id() {
                return "flaky";
            }

            @Override
            public byte[] format(final byte[] state) {
                return state;
            }

            @Override
            public byte[] parse(final byte[] bytes) {
                return bytes.clone();
            }

            @Override
            public byte[] merge(final byte[] current, final byte[] entry, final long messageId, final long timestampMillis) {
                if (fail.get()) {
                    throw new IllegalStateException("merge exploded");
                }
                final byte[] merged = current == null ? new byte[0] : current;
                final byte[] result = java.util.Arrays.copyOf(merged, merged.length + entry.length);
                System.arraycopy(entry, 0, result, merged.length, entry.length);
                return result;
            }
        };
        final ConsumerConfig<byte[]> config = Stores.small(dir, "flaky", flaky).build();
        try (ConsumerStore<byte[]> store = ConsumerStore.open(config)) {
            final ConsumerStoreException thrown = assertThrows(ConsumerStoreException.class, () -> store.persist("a", new byte[]{1}, 1));
            assertMessage(thrown, "interpreter failed, nothing was persisted", "step=merge", "clientId=a", "messageId=1", "merge exploded");
            assertEquals(-1, store.maxMessageId("a"));
            assertEquals(0, store.stats().entries() + store.stats().snapshots());
            fail.set(false);
            assertTrue(store.persist("a", new byte[]{1}, 1) >= 0);
            assertEquals(ConsumerStore.DUPLICATE, store.persist("a", new byte[]{1}, 1));
        }
        try (ConsumerStore<byte[]> store = ConsumerStore.open(config)) {
            assertArrayEquals(new byte[]{1}, store.retrieve("a"), "applied exactly once");
        }
    }

    @Test
    void shouldRefuseEveryCallWhenClosed() {
        final ConsumerStore<byte[]> store = ConsumerStore.open(Stores.raw(dir));
        store.persist("a", new byte[]{1}, 1);
        store.close();
        store.close();
        assertMessage(assertThrows(ConsumerStoreClosedException.class, () -> store.persist("a", new byte[]{1}, 2)), "closed");
        assertThrows(ConsumerStoreClosedException.class, () -> store.retrieve("a"));
        assertThrows(ConsumerStoreClosedException.class, () -> store.maxMessageId("a"));
        assertThrows(ConsumerStoreClosedException.class, () -> store.clear("a"));
        assertThrows(ConsumerStoreClosedException.class, store::checkpoint);
    }

    @Test
    void shouldRefuseFilesOfAnotherServiceWhenOpened() throws Exception {
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.small(dir, "billing", RawBytesInterpreter.INSTANCE).build())) {
            store.persist("a", new byte[]{1}, 1);
        }
        Files.move(dir.resolve("billing"), dir.resolve("shipping"));
        final ConsumerStoreException thrown = assertThrows(ConsumerStoreException.class,
            () -> ConsumerStore.open(Stores.small(dir, "shipping", RawBytesInterpreter.INSTANCE).build()));
        assertMessage(thrown, "another consumer store", "expectedService=shipping", "foundService=billing");
    }

    @Test
    void shouldRefuseFilesOfAnotherInterpreterWhenOpened() {
        try (ConsumerStore<byte[]> store = ConsumerStore.open(Stores.small(dir, "orders", RawBytesInterpreter.INSTANCE).build())) {
            store.persist("a", new byte[]{1}, 1);
        }
        final ConsumerStoreException thrown = assertThrows(ConsumerStoreException.class,
            () -> ConsumerStore.open(Stores.json(dir)));
        assertMessage(thrown, "expectedInterpreter=json-map", "foundInterpreter=raw-bytes");
    }

    @Test
    void shouldRefuseAPlainLogWhenOpened() {
        try (Wal wal = Wal.open(WalConfig.builder(dir.resolve("orders")).segmentSize(Stores.SEGMENT).build())) {
            wal.appendAndCommit("not a consumer record at all, just bytes".getBytes(StandardCharsets.UTF_8));
        }
        final ConsumerStoreException thrown = assertThrows(ConsumerStoreException.class, () -> ConsumerStore.open(Stores.json(dir)));
        assertMessage(thrown, "not a record of this consumer store", "lsn=", "no consumer-store magic");
    }

    @Test
    void shouldRefuseAStoreOpenedTwiceWhenAlreadyOpen() {
        try (ConsumerStore<Map<String, Object>> store = ConsumerStore.open(Stores.json(dir))) {
            assertNull(store.retrieve("a"));
            assertMessage(assertThrows(ConsumerStoreException.class, () -> ConsumerStore.open(Stores.json(dir))), "cannot open the store's log");
        }
    }
}

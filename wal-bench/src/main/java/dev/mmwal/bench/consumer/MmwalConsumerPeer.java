package dev.mmwal.bench.consumer;

import dev.mmwal.consumer.ConsumerConfig;
import dev.mmwal.consumer.ConsumerStore;
import dev.mmwal.consumer.RawBytesInterpreter;

import java.nio.file.Path;

/** {@code wal-consumer} with raw bytes (last write wins) and its defaults: a snapshot every third persist of a client. */
public final class MmwalConsumerPeer implements ConsumerPeer {
    private final ConsumerStore<byte[]> store;

    public MmwalConsumerPeer(final Path dir) {
        this.store = ConsumerStore.open(ConsumerConfig.builder(dir, "bench", RawBytesInterpreter.INSTANCE).build());
    }

    @Override
    public boolean persist(final String clientId, final byte[] data, final long messageId) {
        return store.persist(clientId, data, messageId) != ConsumerStore.DUPLICATE;
    }

    @Override
    public void close() {
        store.close();
    }
}

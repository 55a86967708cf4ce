package dev.mmwal.consumer;

import java.nio.file.Path;
import java.util.Map;

/** Store configurations the tests share: 64 KiB segments, so a few hundred records roll segments. */
final class Stores {
    static final long SEGMENT = 64L << 10;

    private Stores() {
    }

    static <S> ConsumerConfig.Builder<S> small(final Path dir, final String service, final StateInterpreter<S> interpreter) {
        return ConsumerConfig.builder(dir, service, interpreter)
            .maxDataBytes(8 << 10)
            .maxStateBytes(16 << 10)
            .checkpointBytes(0)
            .checkpointInterval(0, java.util.concurrent.TimeUnit.SECONDS)
            .wal(wal -> wal.segmentSize(SEGMENT));
    }

    static ConsumerConfig<Map<String, Object>> json(final Path dir) {
        return small(dir, "orders", new JsonMapInterpreter()).build();
    }

    static ConsumerConfig<byte[]> raw(final Path dir) {
        return small(dir, "raw", RawBytesInterpreter.INSTANCE).build();
    }
}

package dev.mmwal.bench.peers;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chronicle Queue (single queue, builder defaults), one {@link ExcerptAppender} per thread. Each
 * record is one document holding the payload encoded with Chronicle Bytes
 * ({@link ChronicleEncoding}). For durable commits the queue is built with {@link SyncMode#SYNC}
 * and every commit calls {@link ExcerptAppender#sync()} after closing its document: msync of the
 * pages written since the last sync.
 */
public final class ChronicleLog implements AppendLog, CommitLog {
    private final ChronicleQueue queue;
    private final byte[] payload;
    private final boolean durable;
    private final LongAdder syncs = new LongAdder();

    public ChronicleLog(final Path dir, final byte[] payload, final boolean durable) {
        this.queue = ChronicleQueue.singleBuilder(dir).syncMode(durable ? SyncMode.SYNC : SyncMode.NONE).build();
        this.payload = payload;
        this.durable = durable;
    }

    public ChronicleQueue queue() {
        return queue;
    }

    @Override
    public Appender appender() {
        return new ChronicleWriter(queue.createAppender(), payload, null);
    }

    @Override
    public Committer committer() {
        if (!durable) {
            throw new IllegalStateException("queue was opened without sync: dir=" + queue.fileAbsolutePath());
        }
        return new ChronicleWriter(queue.createAppender(), payload, syncs);
    }

    @Override
    public long syncs() {
        return syncs.sum();
    }

    @Override
    public void close() {
        queue.close();
    }

    private static final class ChronicleWriter implements Appender, Committer {
        private final ExcerptAppender appender;
        private final byte[] payload;
        private final LongAdder syncs;
        private long sequence;

        ChronicleWriter(final ExcerptAppender appender, final byte[] payload, final LongAdder syncs) {
            this.appender = appender;
            this.payload = payload;
            this.syncs = syncs;
        }

        @Override
        public long append() {
            try (DocumentContext document = appender.writingDocument()) {
                final Bytes<?> bytes = document.wire().bytes();
                ChronicleEncoding.encode(bytes, sequence++, payload);
            }
            return sequence;
        }

        @Override
        public long commit() {
            final long written = append();
            appender.sync();
            syncs.increment();
            return written;
        }

        @Override
        public void close() {
            appender.close();
        }
    }
}

package dev.mmwal.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * The append ceiling: copy the payload into a pre-faulted shared file mapping, nothing else (no
 * header, no coordination between threads: each thread has its own 64 MiB region and wraps
 * around in it, so its pages stay resident and already write-faulted). The {@code crc} variant
 * also computes the CRC32C of the copied bytes, as every log that checksums records must: the
 * gap between the two is the price of the checksum, the gap to mmwal the price of the log.
 */
public final class MemoryCopyLog implements AppendLog {
    private static final long REGION = 64L << 20;
    private static final long PAGE = 4096;

    private final Path dir;
    private final byte[] payload;
    private final boolean crc;
    private final Arena arena = Arena.ofShared();
    private final List<FileChannel> channels = new CopyOnWriteArrayList<>();
    private final AtomicInteger regions = new AtomicInteger();

    public MemoryCopyLog(final Path dir, final byte[] payload, final boolean crc) {
        this.dir = dir;
        this.payload = payload;
        this.crc = crc;
    }

    @Override
    public Appender appender() {
        final Path file = dir.resolve("copy-" + regions.getAndIncrement() + ".bin");
        final FileChannel channel = Files2.preallocated(file, REGION);
        channels.add(channel);
        try {
            final MemorySegment region = channel.map(FileChannel.MapMode.READ_WRITE, 0, REGION, arena);
            for (long offset = 0; offset < REGION; offset += PAGE) {
                region.set(ValueLayout.JAVA_BYTE, offset, (byte)0);
            }
            return new CopyAppender(region, payload, crc);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot map: file=" + file, ex);
        }
    }

    @Override
    public void close() {
        arena.close();
        channels.forEach(Files2::close);
    }

    private static final class CopyAppender implements Appender {
        private final MemorySegment region;
        private final ByteBuffer view;
        private final byte[] payload;
        private final long step;
        private final long limit;
        private final CRC32C checksum;
        private long offset;

        CopyAppender(final MemorySegment region, final byte[] payload, final boolean crc) {
            this.region = region;
            this.view = region.asByteBuffer();
            this.payload = payload;
            this.step = (payload.length + 7) & -8L;
            this.limit = region.byteSize() - step;
            this.checksum = crc ? new CRC32C() : null;
        }

        @Override
        public long append() {
            final long at = offset;
            MemorySegment.copy(payload, 0, region, ValueLayout.JAVA_BYTE, at, payload.length);
            offset = at + step > limit ? 0 : at + step;
            if (checksum == null) {
                return at;
            }
            checksum.reset();
            view.limit((int)at + payload.length).position((int)at);
            checksum.update(view);
            return checksum.getValue();
        }
    }
}

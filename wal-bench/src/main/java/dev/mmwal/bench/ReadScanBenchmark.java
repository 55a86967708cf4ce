package dev.mmwal.bench;

import dev.mmwal.LogRecord;
import dev.mmwal.Wal;
import dev.mmwal.WalReader;
import dev.mmwal.bench.support.BenchDirs;
import dev.mmwal.bench.support.JvmArgs;
import dev.mmwal.bench.support.MmwalConfigs;
import dev.mmwal.bench.support.Payloads;
import dev.mmwal.bench.support.ResultSink;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Sequential scan of a whole log from its first record, page cache hot (the log was just
 * written). One operation is one full scan; the runner turns scans/s into payload GB/s with the
 * payload bytes per scan this benchmark reports.
 * <ul>
 *   <li>{@code mmwal}: {@link WalReader} over the mapped segments: every record's CRC32C and LSN
 *   verified, zero-copy;</li>
 *   <li>{@code chronicle}: a Chronicle Queue tailer reading every document and its length
 *   (Chronicle keeps no checksum, so nothing is verified and payload bytes are not touched);</li>
 *   <li>{@code filechannel-crc}: a hand-written reader of a flat file of
 *   {@code [length][crc32c][payload]} records through 1 MiB {@code FileChannel.read}s, checking
 *   every CRC;</li>
 *   <li>{@code crc-memory}: CRC32C of the same records straight from a pre-faulted mapping, no log
 *   at all: the ceiling for a verifying scan.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmArgs.AGRONA, JvmArgs.NATIVE, JvmArgs.UNSAFE, JvmArgs.CHRONICLE_REF, JvmArgs.CHRONICLE_NIO,
    JvmArgs.CHRONICLE_REFLECT, JvmArgs.CHRONICLE_NO_ANALYTICS, JvmArgs.CHRONICLE_NO_DISK_MONITOR, JvmArgs.HEAP_MIN, JvmArgs.HEAP_MAX})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ReadScanBenchmark {
    private static final int FLAT_HEADER = 8;
    private static final int CHUNK = 1 << 20;

    @Param({"mmwal", "chronicle", "filechannel-crc", "crc-memory"})
    public String system;

    @Param({"64", "1024"})
    public int payload;

    /** Payload bytes in the log. */
    @Param({"256"})
    public int logMiB;

    private Path dir;
    private long records;
    private Wal wal;
    private WalReader reader;
    private final LogRecord record = new LogRecord();
    private ChronicleQueue queue;
    private ExcerptTailer tailer;
    private FileChannel flat;
    private long flatSize;
    private ByteBuffer chunk;
    private Arena arena;
    private MemorySegment mapped;
    private ByteBuffer mappedView;
    private final CRC32C crc = new CRC32C();

    @Setup(Level.Trial)
    public void writeLog() throws IOException {
        dir = BenchDirs.create("scan-" + system);
        records = ((long)logMiB << 20) / payload;
        final byte[] bytes = Payloads.random(payload, 42);
        switch (system) {
            case "mmwal" -> writeMmwal(bytes);
            case "chronicle" -> writeChronicle(bytes);
            case "filechannel-crc", "crc-memory" -> writeFlat(bytes);
            default -> throw new IllegalArgumentException("unknown scan system: system=" + system);
        }
    }

    private void writeMmwal(final byte[] bytes) {
        wal = Wal.open(MmwalConfigs.builder(dir).maxUnsyncedNanos(0).build());
        for (long i = 0; i < records; i++) {
            wal.append(bytes);
        }
        wal.flush();
        reader = wal.reader(wal.firstLsn());
    }

    private void writeChronicle(final byte[] bytes) {
        queue = ChronicleQueue.singleBuilder(dir).build();
        try (ExcerptAppender appender = queue.createAppender()) {
            for (long i = 0; i < records; i++) {
                try (DocumentContext document = appender.writingDocument()) {
                    document.wire().bytes().write(bytes);
                }
            }
        }
        tailer = queue.createTailer();
    }

    private void writeFlat(final byte[] bytes) throws IOException {
        final Path file = dir.resolve("flat.bin");
        final CRC32C checksum = new CRC32C();
        checksum.update(bytes);
        final ByteBuffer frame = ByteBuffer.allocateDirect(FLAT_HEADER + payload).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(payload).putInt((int)checksum.getValue()).put(bytes).flip();
        flat = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        for (long i = 0; i < records; i++) {
            frame.rewind();
            while (frame.hasRemaining()) {
                flat.write(frame);
            }
        }
        flat.force(false);
        flatSize = flat.size();
        chunk = ByteBuffer.allocateDirect(CHUNK + FLAT_HEADER + payload).order(ByteOrder.LITTLE_ENDIAN);
        arena = Arena.ofShared();
        mapped = flat.map(FileChannel.MapMode.READ_ONLY, 0, flatSize, arena);
        mapped.load();
        mappedView = mapped.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @TearDown(Level.Trial)
    public void deleteLog(final BenchmarkParams params) throws IOException {
        final Map<String, Double> extras = new TreeMap<>();
        extras.put("records_per_scan", (double)records);
        extras.put("payload_bytes_per_scan", (double)records * payload);
        extras.put("dir_bytes", (double)BenchDirs.sizeOf(dir));
        if (wal != null) {
            extras.put("log_bytes_per_scan", (double)(wal.tailLsn() - wal.firstLsn()));
            wal.close();
        }
        if (queue != null) {
            tailer.close();
            queue.close();
        }
        if (flat != null) {
            arena.close();
            flat.close();
        }
        BenchDirs.delete(dir);
        ResultSink.write(params, extras);
    }

    @Benchmark
    public long scan() {
        final long seen = switch (system) {
            case "mmwal" -> scanMmwal();
            case "chronicle" -> scanChronicle();
            case "filechannel-crc" -> scanFlat();
            default -> scanMemory();
        };
        if (seen != records) {
            throw new IllegalStateException("scan saw the wrong number of records: expected=" + records + ", found=" + seen);
        }
        return seen;
    }

    private long scanMmwal() {
        reader.seek(wal.firstLsn());
        long seen = 0;
        while (reader.next(record)) {
            seen++;
        }
        return seen;
    }

    private long scanChronicle() {
        tailer.toStart();
        long seen = 0;
        while (true) {
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return seen;
                }
                final Bytes<?> bytes = document.wire().bytes();
                if (bytes.readRemaining() != payload) {
                    throw new IllegalStateException("short document: length=" + bytes.readRemaining());
                }
                seen++;
            }
        }
    }

    private long scanFlat() {
        long position = 0;
        long seen = 0;
        try {
            while (position < flatSize) {
                chunk.clear();
                flat.read(chunk, position);
                chunk.flip();
                while (chunk.remaining() >= FLAT_HEADER && chunk.remaining() >= FLAT_HEADER + chunk.getInt(chunk.position())) {
                    final int at = chunk.position();
                    final int length = chunk.getInt(at);
                    verify(chunk, at, length);
                    chunk.position(at + FLAT_HEADER + length);
                    seen++;
                }
                position += chunk.position();
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("read failed: position=" + position, ex);
        }
        return seen;
    }

    private long scanMemory() {
        long seen = 0;
        final ByteBuffer view = mappedView;
        for (int at = 0; at < flatSize; at += FLAT_HEADER + payload) {
            verify(view, at, payload);
            seen++;
        }
        return seen;
    }

    private void verify(final ByteBuffer buffer, final int at, final int length) {
        final int expected = buffer.getInt(at + Integer.BYTES);
        final int limit = buffer.limit();
        crc.reset();
        buffer.limit(at + FLAT_HEADER + length).position(at + FLAT_HEADER);
        crc.update(buffer);
        buffer.limit(limit).position(at);
        if ((int)crc.getValue() != expected) {
            throw new IllegalStateException("CRC mismatch: offset=" + at);
        }
    }
}

package dev.mmwal;

import dev.mmwal.testing.ChildJvm;
import dev.mmwal.testing.Payloads;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailerTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    private WalConfig config() {
        return WalConfig.builder(dir).segmentSize(SEGMENT).build();
    }

    @Test
    void shouldSeeEveryRecordExactlyOnceInOrderWhileFourThreadsAppend() throws Exception {
        final int threads = 4;
        final int perThread = 20_000;
        try (Wal wal = Wal.open(config())) {
            final WalTailer tailer = wal.tailer(0, ReadBound.PUBLISHED, new YieldingIdleStrategy());
            final CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        final long key = (long)thread << 32 | i;
                        wal.append(Payloads.bytes(key, 8 + (i % 50) * 13));
                    }
                    done.countDown();
                });
            }
            final BitSet[] seen = new BitSet[threads];
            for (int t = 0; t < threads; t++) {
                seen[t] = new BitSet(perThread);
            }
            final LogRecord record = new LogRecord();
            long previousLsn = -1;
            for (int n = 0; n < threads * perThread; n++) {
                assertTrue(tailer.take(record));
                assertTrue(record.lsn() > previousLsn, "log order");
                previousLsn = record.lsn();
                final long key = Payloads.keyOf(record.buffer(), record.payloadOffset());
                final int thread = (int)(key >>> 32);
                final int i = (int)key;
                assertFalse(seen[thread].get(i), "seen twice: " + key);
                seen[thread].set(i);
                assertArrayEquals(Payloads.bytes(key, 8 + (i % 50) * 13), record.payloadBytes());
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(0, tailer.poll(r -> { }, 10), "nothing extra");
        }
    }

    @Test
    void shouldNeverPassDurableLsnWhenBoundToDurable() throws Exception {
        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).maxUnsyncedNanos(0).build())) {
            final AtomicReference<Throwable> error = new AtomicReference<>();
            final AtomicLong delivered = new AtomicLong();
            final Thread consumer = Thread.ofPlatform().start(() -> {
                final WalTailer tailer = wal.tailer(0, ReadBound.DURABLE, new BackoffIdleStrategy());
                final LogRecord record = new LogRecord();
                try {
                    while (delivered.get() < 2_000 && tailer.take(record)) {
                        if (record.lsn() >= wal.durableLsn()) {
                            throw new AssertionError("delivered a record that is not durable: lsn=" + record.lsn() + ", durable=" + wal.durableLsn());
                        }
                        delivered.incrementAndGet();
                    }
                } catch (final Throwable ex) {
                    error.set(ex);
                }
            });
            for (int i = 0; i < 2_000; i++) {
                final long lsn = wal.append(Payloads.bytes(i, 40));
                if (i % 10 == 9) {
                    wal.awaitDurable(lsn);
                }
            }
            wal.flush();
            consumer.join(30_000);
            assertNull(error.get(), String.valueOf(error.get()));
            assertEquals(2_000, delivered.get());
        }
    }

    @Test
    void shouldResumeAfterCommittedPositionWhenReopened() {
        try (Wal wal = Wal.open(config())) {
            for (int i = 0; i < 100; i++) {
                wal.append(Payloads.bytes(i, 30));
            }
            final WalTailer tailer = wal.namedTailer("billing", ReadBound.PUBLISHED, new BackoffIdleStrategy());
            final LogRecord record = new LogRecord();
            for (int i = 0; i < 40; i++) {
                assertTrue(tailer.take(record));
            }
            tailer.commitPosition();
            assertTrue(tailer.take(record), "read past the committed position without committing");
        }
        try (Wal wal = Wal.open(config())) {
            final WalTailer tailer = wal.namedTailer("billing", ReadBound.PUBLISHED, new BackoffIdleStrategy());
            final LogRecord record = new LogRecord();
            assertTrue(tailer.take(record));
            assertEquals(40, Payloads.keyOf(record.buffer(), record.payloadOffset()), "resumes after the 40th record");
            assertThrows(IllegalArgumentException.class, () -> wal.namedTailer("../escape", ReadBound.PUBLISHED, new BackoffIdleStrategy()));
        }
    }

    @Test
    void shouldReadAcrossSegmentsAndPaddingWhenSeekingAnywhere() {
        try (Wal wal = Wal.open(config())) {
            final long[] lsns = new long[300];
            for (int i = 0; i < lsns.length; i++) {
                lsns[i] = wal.append(Payloads.bytes(i, 100 + (i * 37) % 3000));
            }
            assertTrue(lsns[lsns.length - 1] >>> 16 >= 5, "spans several segments");
            final LogRecord record = new LogRecord();
            for (final int start : new int[] {0, 1, 17, 150, 299}) {
                final WalReader reader = wal.reader(lsns[start]);
                for (int i = start; i < lsns.length; i++) {
                    assertTrue(reader.next(record));
                    assertEquals(lsns[i], record.lsn());
                }
                assertFalse(reader.next(record));
            }
        }
    }

    @Test
    void shouldTailLiveWriterFromSecondProcessWhenOpenedReadOnly() throws Exception {
        final Process writer = ChildJvm.start(TailedWriterChild.class, dir, dir.toString(), Long.toString(SEGMENT), "3000");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            assertEquals("OPEN", out.readLine());
            try (ReadOnlyWal log = ReadOnlyWal.open(dir)) {
                final WalTailer tailer = log.tailer(0, ReadBound.PUBLISHED, new YieldingIdleStrategy());
                final LogRecord record = new LogRecord();
                for (int i = 0; i < 3000; i++) {
                    assertTrue(tailer.take(record));
                    assertEquals(i, Payloads.keyOf(record.buffer(), record.payloadOffset()));
                    assertArrayEquals(Payloads.bytes(i, 64 + i % 200), record.payloadBytes());
                }
            }
            assertEquals("DONE", out.readLine());
        } finally {
            writer.destroyForcibly();
            writer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldFailClearlyWhenReadingTruncatedSegment() {
        try (Wal wal = Wal.open(config())) {
            long last = 0;
            for (int i = 0; i < 300; i++) {
                last = wal.append(Payloads.bytes(i, 1000));
            }
            wal.awaitDurable(last);
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            assertTrue(reader.next(record));
            final int removed = wal.truncateBefore(last);
            assertTrue(removed >= 3, "removed=" + removed);
            final WalException ex = assertThrows(WalException.class, () -> {
                while (reader.next(record)) {
                    record.payloadBytes();
                }
            });
            assertTrue(ex.getMessage().contains("lsn="), ex.getMessage());
            assertTrue(wal.firstLsn() > dev.mmwal.format.SegmentDescriptor.HEADER_LENGTH);
            final WalReader fresh = wal.reader(wal.firstLsn());
            assertTrue(fresh.next(record));
        }
        try (Wal wal = Wal.open(config())) {
            assertTrue(wal.firstLsn() > dev.mmwal.format.SegmentDescriptor.HEADER_LENGTH, "truncation survives reopen");
        }
    }
}

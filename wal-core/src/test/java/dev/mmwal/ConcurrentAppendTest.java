package dev.mmwal;

import dev.mmwal.format.Lsns;
import dev.mmwal.format.RecordDescriptor;
import dev.mmwal.testing.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrentAppendTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 100_000;
    private static final long SEGMENT = 1 << 20;

    @TempDir
    Path dir;

    /** Mostly small records, some large ones up to 64 KiB, and a few that exactly fill a whole segment. */
    static int sizeFor(final long key) {
        final SplittableRandom random = new SplittableRandom(key);
        final int roll = random.nextInt(10_000);
        if (roll < 3) {
            return Lsns.maxPayloadLength(SEGMENT);
        }
        if (roll < 100) {
            return random.nextInt(64 * 1024 + 1);
        }
        if (roll < 1_000) {
            return random.nextInt(4096);
        }
        return random.nextInt(257);
    }

    @Test
    void shouldGiveUniqueNonOverlappingLsnsAndReadBackByteExactWhenManyThreadsAppend() throws Exception {
        final long[][] lsns = new long[THREADS][PER_THREAD];
        final WalConfig config = WalConfig.builder(dir).segmentSize(SEGMENT).segmentsAhead(2).build();
        try (Wal wal = Wal.open(config)) {
            final CyclicBarrier start = new CyclicBarrier(THREADS);
            final List<Thread> threads = new ArrayList<>();
            final Throwable[] errors = new Throwable[THREADS];
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        long previous = -1;
                        for (int i = 0; i < PER_THREAD; i++) {
                            final long key = (long)thread << 32 | i;
                            final long lsn = wal.append(Payloads.bytes(key, sizeFor(key)));
                            if (lsn <= previous) {
                                throw new AssertionError("LSNs not monotonic per thread: previous=" + previous + ", lsn=" + lsn);
                            }
                            previous = lsn;
                            lsns[thread][i] = lsn;
                        }
                    } catch (final Throwable ex) {
                        errors[thread] = ex;
                    }
                }));
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            for (final Throwable error : errors) {
                if (error != null) {
                    throw new AssertionError(error);
                }
            }
        }

        final int total = THREADS * PER_THREAD;
        final long[] sorted = new long[total];
        final long[] keys = new long[total];
        for (int t = 0, n = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++, n++) {
                sorted[n] = lsns[t][i];
            }
        }
        final java.util.Map<Long, Long> keyByLsn = new java.util.HashMap<>(total * 2);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                assertEquals(null, keyByLsn.put(lsns[t][i], (long)t << 32 | i), "duplicate LSN " + lsns[t][i]);
            }
        }
        Arrays.sort(sorted);
        for (int n = 0; n < total; n++) {
            keys[n] = keyByLsn.get(sorted[n]);
        }
        for (int n = 1; n < total; n++) {
            final long end = sorted[n - 1] + RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + sizeFor(keys[n - 1]));
            assertTrue(end <= sorted[n], "records overlap: lsn=" + sorted[n - 1] + ", end=" + end + ", next=" + sorted[n]);
        }

        try (Wal wal = Wal.open(WalConfig.builder(dir).segmentSize(SEGMENT).build())) {
            assertTrue(wal.recoveryReport().clean(), wal.recoveryReport().toString());
            final WalReader reader = wal.reader(0);
            final LogRecord record = new LogRecord();
            for (int n = 0; n < total; n++) {
                assertTrue(reader.next(record), "missing record " + n);
                assertEquals(sorted[n], record.lsn());
                final int length = sizeFor(keys[n]);
                assertEquals(length, record.payloadLength(), "length at lsn " + sorted[n]);
                assertTrue(Payloads.matches(record.buffer(), record.payloadOffset(), length, keys[n]), "payload at lsn " + sorted[n]);
            }
            assertFalse(reader.next(record), "a record nobody appended");
        }
    }
}

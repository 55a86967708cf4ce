package dev.mmwal.stress.crash;

import dev.mmwal.AppendClaim;
import dev.mmwal.LogRecord;
import dev.mmwal.ReadBound;
import dev.mmwal.SyncMethod;
import dev.mmwal.Wal;
import dev.mmwal.WalConfig;
import dev.mmwal.WalReader;
import dev.mmwal.WritePath;
import dev.mmwal.internal.log.StatusCodes;
import dev.mmwal.internal.log.RecordWriter;
import dev.mmwal.io.PosixFileOps;
import dev.mmwal.testing.Payloads;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The process the crash tests kill. Opens the log (printing {@code R <recoveredEnd> <tail>}), then
 * runs committer threads forever: each appends {@link Payloads} records (copy appends and
 * zero-copy claims, some aborted, some never awaited) and, for awaited ones, prints
 * {@code A <lsn> <key> <length>} only after {@code awaitDurable} returned: each such line is an
 * acknowledgement the parent holds the log to. Two reader threads (published and durable bound)
 * check every record they see and print {@code E <problem>} on a bad one. A kill point freezes a
 * thread and prints {@code K <point>}. Exits when its stdin closes (the parent is gone).
 *
 * <p>Arguments, {@code key=value}: dir, iteration, threads, seed, segmentSize, syncMethod,
 * writePath, killPoint, occurrence.
 */
public final class CrashChild {
    /** Key "thread" of the partial appender's records (committers are 0..threads-1, the parent 0xFF). */
    static final int PARTIAL_APPENDER_THREAD = 0xFE;
    private static final AtomicLong ACKS = new AtomicLong();
    private static final PrintStream OUT = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);

    private CrashChild() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new HashMap<>();
        for (final String arg : args) {
            final int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        watchParent();
        final Path dir = Path.of(options.get("dir"));
        final long iteration = Long.parseLong(options.get("iteration"));
        final int threads = Integer.parseInt(options.getOrDefault("threads", "4"));
        final long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        final KillPoint point = KillPoint.valueOf(options.getOrDefault("killPoint", "RANDOM"));
        final int occurrence = Integer.parseInt(options.getOrDefault("occurrence", "1"));
        final KillPointFileOps ops = new KillPointFileOps(PosixFileOps.INSTANCE, point, occurrence, OUT);
        final WalConfig config = WalConfig.builder(dir)
            .segmentSize(Long.parseLong(options.getOrDefault("segmentSize", "65536")))
            .syncMethod(SyncMethod.valueOf(options.getOrDefault("syncMethod", "MSYNC")))
            .writePath(WritePath.valueOf(options.getOrDefault("writePath", "MAPPED")))
            .fileOps(ops)
            .build();
        ops.opener(Thread.currentThread());
        final Wal wal = Wal.open(config);
        ops.opener(null);
        say("R " + wal.recoveryReport().endLsn() + " " + wal.tailLsn());
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            start("committer-" + t, () -> commitLoop(wal, iteration, thread, new Random(seed * 1_000_003L + thread)));
        }
        start("reader-published", () -> readLoop(wal, ReadBound.PUBLISHED));
        start("reader-durable", () -> readLoop(wal, ReadBound.DURABLE));
        if (point.where() == KillPoint.Where.APPEND) {
            start("partial-appender", () -> partialAppend(wal, iteration, point, occurrence));
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void start(final String name, final Runnable body) {
        final Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (final Throwable ex) {
                say("X " + name + " " + ex);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    static void say(final String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }

    /** The parent holds our stdin open; EOF means it is gone, so stop rather than run forever. */
    private static void watchParent() {
        final Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    Thread.onSpinWait();
                }
            } catch (final IOException ignored) {
                // treat as EOF
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    static long key(final long iteration, final int thread, final long sequence) {
        return iteration << 40 | (long)thread << 32 | sequence;
    }

    private static void commitLoop(final Wal wal, final long iteration, final int thread, final Random random) {
        final AppendClaim claim = new AppendClaim();
        for (long sequence = 0; ; sequence++) {
            final long key = key(iteration, thread, sequence);
            final int length = random.nextInt(100) < 5 ? 1_000 + random.nextInt(7_000) : 8 + random.nextInt(300);
            final byte[] payload = Payloads.bytes(key, length);
            final int mode = random.nextInt(10);
            final long lsn;
            if (mode == 0) {
                final long claimed = wal.tryClaim(length, claim);
                if (claimed == StatusCodes.BACK_PRESSURED) {
                    Thread.yield();
                    continue;
                }
                if (claimed < 0) {
                    throw new IllegalStateException("tryClaim failed: status=" + claimed);
                }
                MemorySegment.copy(payload, 0, claim.buffer(), ValueLayout.JAVA_BYTE, claim.payloadOffset(), length);
                if (random.nextInt(4) == 0) {
                    claim.abort();
                    continue;
                }
                lsn = claim.commit();
            } else {
                lsn = wal.append(payload);
            }
            if (mode < 8) {
                wal.awaitDurable(lsn);
                say("A " + lsn + " " + key + " " + length);
                ACKS.incrementAndGet();
            }
        }
    }

    private static void readLoop(final Wal wal, final ReadBound bound) {
        final WalReader reader = wal.reader(0, bound);
        final LogRecord record = new LogRecord();
        while (true) {
            if (!reader.next(record)) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            final int length = record.payloadLength();
            final long key = length >= 8 ? Payloads.keyOf(record.buffer(), record.payloadOffset()) : -1;
            if (length < 8 || !Payloads.matches(record.buffer(), record.payloadOffset(), length, key)) {
                say("E " + bound + " reader returned a record no writer wrote: " + record);
            } else if (bound == ReadBound.DURABLE && record.endLsn() > wal.durableLsn()) {
                say("E durable reader returned a record beyond the durable LSN: " + record + ", durable=" + wal.durableLsn());
            }
        }
    }

    /**
     * Appends through the real claim path ({@code Wal.tryClaim}, the payload into the claim,
     * {@code AppendClaim.commit}, which is the one record writer's commit) and freezes at
     * {@code point} on its {@code occurrence}-th record: between the steps, or inside the commit
     * through the record writer's probe. Earlier records are completed (and so published).
     */
    private static void partialAppend(final Wal wal, final long iteration, final KillPoint point, final int occurrence) {
        while (ACKS.get() < 20) {
            // freeze under load: only once the committers have been acknowledged a few times
            LockSupport.parkNanos(1_000_000);
        }
        final Thread self = Thread.currentThread();
        final boolean[] last = new boolean[1];
        RecordWriter.probeForTests(new RecordWriter.Probe() {
            @Override
            public void beforeChecksum(final MemorySegment memory, final long offset, final byte type) {
                freezeIf(Thread.currentThread() == self && last[0] && point == KillPoint.BEFORE_CRC, point);
            }

            @Override
            public void beforePublish(final MemorySegment memory, final long offset, final byte type) {
                freezeIf(Thread.currentThread() == self && last[0] && point == KillPoint.AFTER_CRC, point);
            }
        });
        final AppendClaim claim = new AppendClaim();
        for (int n = 1; ; n++) {
            final long key = key(iteration, PARTIAL_APPENDER_THREAD, n);
            final int length = 200;
            final byte[] payload = Payloads.bytes(key, length);
            long lsn;
            while ((lsn = wal.tryClaim(length, claim)) == Wal.BACK_PRESSURED) {
                Thread.yield();
            }
            if (lsn < 0) {
                throw new IllegalStateException("claim failed: status=" + lsn);
            }
            last[0] = n == occurrence;
            freezeIf(last[0] && point == KillPoint.AFTER_RESERVE, point);
            MemorySegment.copy(payload, 0, claim.buffer(), ValueLayout.JAVA_BYTE, claim.payloadOffset(), length / 2);
            freezeIf(last[0] && point == KillPoint.MID_PAYLOAD, point);
            MemorySegment.copy(payload, length / 2, claim.buffer(), ValueLayout.JAVA_BYTE, claim.payloadOffset() + length / 2, length - length / 2);
            claim.commit();
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static void freezeIf(final boolean stop, final KillPoint point) {
        if (stop) {
            say("K " + point);
            while (true) {
                LockSupport.park();
            }
        }
    }
}

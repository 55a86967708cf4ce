package dev.mmwal.cli.dump;

import dev.mmwal.LogRecord;
import dev.mmwal.ReadBound;
import dev.mmwal.ReadOnlyWal;
import dev.mmwal.WalTailer;
import dev.mmwal.inspect.InspectedLog;
import dev.mmwal.inspect.LogWalker;
import dev.mmwal.inspect.RecordView;
import dev.mmwal.inspect.WalkListener;
import dev.mmwal.inspect.Damage;
import dev.mmwal.inspect.WalkOptions;
import dev.mmwal.inspect.WalkResult;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code mmwal dump --follow}: tails a live log from another process through
 * {@link ReadOnlyWal#tailer}, printing each record as it becomes readable: durable records by
 * default (those a crash cannot take back: the durable point the writer records in the segment
 * headers), or every published one. Ends at {@code --to}, after {@code --max-records}, when the
 * reader of the output goes away, or on SIGINT/SIGTERM: a shutdown hook asks the loop to stop and
 * waits (up to {@link #STOP_WAIT_MILLIS}) until what was read is printed.
 *
 * <p>Single-threaded apart from the shutdown hook, which only sets a flag and waits.
 */
final class Follow {
    /** Records handed over per poll; the output is flushed after each batch. */
    private static final int BATCH = 256;
    private static final long STOP_WAIT_MILLIS = 2_000;
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Path directory;
    private final long from;
    private final long to;
    private final ReadBound bound;
    private final Printer printer;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    Follow(final Path directory, final long from, final long to, final ReadBound bound, final Printer printer) {
        this.directory = directory;
        this.from = from;
        this.to = to;
        this.bound = bound;
        this.printer = printer;
    }

    /** Follows until one of the ends above. */
    void run() {
        final Thread hook = Thread.ofPlatform().unstarted(this::stopAndWait);
        Runtime.getRuntime().addShutdownHook(hook);
        try (ReadOnlyWal wal = ReadOnlyWal.open(directory)) {
            follow(wal, wal.tailer(startLsn(wal), bound, idleStrategy()));
        } finally {
            finished.countDown();
            removeHook(hook);
        }
    }

    private void follow(final ReadOnlyWal wal, final WalTailer tailer) {
        final long segmentSize = wal.segmentSize();
        final IdleStrategy idle = idleStrategy();
        final boolean[] reachedEnd = new boolean[1];
        while (!stop.get() && printer.wantsMore() && !reachedEnd[0]) {
            final int read = tailer.poll((final LogRecord record) -> {
                if (record.lsn() >= to) {
                    reachedEnd[0] = true;
                } else if (record.lsn() >= from && !reachedEnd[0]) {
                    printer.onTailed(record, segmentSize);
                }
            }, BATCH);
            if (read > 0) {
                printer.flush();
            }
            idle.idle(read);
        }
        printer.flush();
    }

    /**
     * Where the tailer starts: the log's first record, or the first record at or after
     * {@code --from} (a tailer must start on a record), or, when the log does not reach
     * {@code --from} yet, its current end (records below {@code --from} are then not printed).
     */
    private long startLsn(final ReadOnlyWal wal) {
        if (from <= wal.firstLsn()) {
            return wal.firstLsn();
        }
        final long[] first = {-1};
        try (InspectedLog log = InspectedLog.open(directory)) {
            final WalkResult result = new LogWalker(log, new WalkOptions(from, Long.MAX_VALUE, true), new WalkListener() {
                @Override
                public boolean onRecord(final RecordView record) {
                    first[0] = record.lsn();
                    return false;
                }

                @Override
                public void onDamage(final Damage damage) {
                    // the tailer reports damage itself when it reaches it
                }
            }).walk();
            return first[0] >= 0 ? first[0] : result.endLsn();
        }
    }

    /** Spins briefly, then parks up to 10 ms: a caught-up follower costs next to no CPU. */
    private static IdleStrategy idleStrategy() {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(10), MAX_IDLE_NANOS);
    }

    /** The shutdown hook: asks the loop to stop and lets it print what it read. */
    private void stopAndWait() {
        stop.set(true);
        try {
            finished.await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException ex) {
            // the JVM is shutting down (SIGINT): the hook is running and will return
        }
    }
}

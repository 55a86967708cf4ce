package dev.mmwal.cli.demo;

import dev.mmwal.Wal;
import dev.mmwal.WalClosedException;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Threads that commit {@link Transaction}s back to back: append BEGIN and the UPDATEs, append the
 * COMMIT, wait until it is durable (group commit batches the waiters), record the commit latency,
 * and report the acknowledgement. Transaction ids are {@code base + 1, base + 2, ...}.
 */
final class Committers {
    /** Told about each commit once it is durable. Called from the committing threads. */
    @FunctionalInterface
    interface AckSink {
        void acknowledged(long commitLsn, long txnId);
    }

    private final Wal wal;
    private final Recorder latency;
    private final AckSink sink;
    private final AtomicLong nextTxn;
    private final LongAdder commits = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Committers(final Wal wal, final long txnBase, final Recorder latency, final AckSink sink) {
        this.wal = wal;
        this.nextTxn = new AtomicLong(txnBase);
        this.latency = latency;
        this.sink = sink;
    }

    void start(final int count) {
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofPlatform().name("committer-" + i).daemon().start(this::commitLoop));
        }
    }

    private void commitLoop() {
        try {
            while (running) {
                final Transaction txn = new Transaction(nextTxn.incrementAndGet());
                final long last = txn.appendBody(wal);
                final long start = System.nanoTime();
                final long commitLsn = txn.appendCommit(wal, last);
                wal.awaitDurable(commitLsn);
                latency.recordValue(System.nanoTime() - start);
                commits.increment();
                records.add(txn.records());
                sink.acknowledged(commitLsn, txn.txnId());
            }
        } catch (final WalClosedException ex) {
            // stopped while committing: expected at shutdown
        } catch (final RuntimeException | Error ex) {
            failure.compareAndSet(null, ex);
        }
    }

    /** Stops the threads after their current transaction and waits for them. */
    void stop() throws InterruptedException {
        running = false;
        for (final Thread thread : threads) {
            thread.join();
        }
        final Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a committer failed: " + failed, failed);
        }
    }

    long commits() {
        return commits.sum();
    }

    long records() {
        return records.sum();
    }
}

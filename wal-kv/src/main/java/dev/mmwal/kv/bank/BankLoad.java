package dev.mmwal.kv.bank;

import dev.mmwal.kv.SyncMode;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs transfers from several threads until {@link #stop()}: each thread draws its own random
 * transfers and ids ({@code idBase + thread * 2^32 + n}; see {@link Bank#reserveIdBase()}), records each committed transfer's latency
 * (begin to commit returned, nanoseconds) in {@link #latency()}, and counts outcomes.
 *
 * <p>Threads: the workers; {@link #start}/{@link #stop} from one controlling thread; counters and
 * the recorder are read from any (the recorder by one reader).
 */
public final class BankLoad {
    private final Bank bank;
    private final SyncMode mode;
    private final long idBase;
    private final Bank.TransferSink sink;
    private final Recorder latency = new Recorder(3);
    private final LongAdder committed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;

    public BankLoad(final Bank bank, final SyncMode mode, final long idBase, final Bank.TransferSink sink) {
        this.bank = bank;
        this.mode = mode;
        this.idBase = idBase;
        this.sink = sink;
    }

    public void start(final int threads, final long seed) {
        for (int i = 0; i < threads; i++) {
            final int index = i;
            workers.add(Thread.ofPlatform().name("bank-" + i).daemon().start(() -> run(index, new SplittableRandom(seed * 31 + index))));
        }
    }

    private void run(final int index, final SplittableRandom random) {
        long next = idBase + ((long)index << 32);
        try {
            while (running) {
                final long start = System.nanoTime();
                final Bank.Outcome outcome = bank.transfer(random, next, mode, sink);
                switch (outcome) {
                    case COMMITTED -> {
                        latency.recordValue(System.nanoTime() - start);
                        committed.increment();
                        next++;
                    }
                    case REJECTED -> rejected.increment();
                    case RETRY -> retried.increment();
                }
            }
        } catch (final RuntimeException | Error ex) {
            failure = ex;
        }
    }

    /** Stops the workers and waits for them; rethrows a worker's failure. */
    public void stop() throws InterruptedException {
        running = false;
        for (final Thread worker : workers) {
            worker.join();
        }
        if (failure != null) {
            throw new IllegalStateException("a bank worker failed: cause=" + failure, failure);
        }
    }

    public Recorder latency() {
        return latency;
    }

    public long committed() {
        return committed.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public Throwable failure() {
        return failure;
    }
}

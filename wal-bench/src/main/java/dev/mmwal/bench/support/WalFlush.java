package dev.mmwal.bench.support;

import dev.mmwal.Wal;

import java.util.concurrent.TimeUnit;

/**
 * Makes everything appended so far durable, asking again every 20 ms until it is.
 *
 * <p>A workaround, not a pattern for users: in wal-core up to fd41111 the flusher reads the
 * commit-request counter after scanning for published records, so a request whose record was
 * published during that scan is counted as satisfied by a sync that does not cover it. With
 * {@code maxUnsyncedNanos(0)} nothing else ever syncs it, and a lone {@link Wal#flush()} (or the
 * flush inside {@link Wal#close()}) waits forever. Each timed wait here files a new request, which
 * the next duty cycle satisfies. Benchmarks use it only where a bulk load ends (setup and
 * teardown), never on a measured path: the measured commit paths show the bug as it is.
 */
public final class WalFlush {
    private static final long RETRY_MILLIS = 20;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private WalFlush() {
    }

    public static void flush(final Wal wal) {
        final long last = wal.tailLsn() - 1;
        final long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (!wal.awaitDurable(last, RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("log did not become durable: lsn=" + last + ", durableLsn=" + wal.durableLsn());
            }
        }
    }

    /** {@link #flush(Wal)}, then {@link Wal#close()}. */
    public static void close(final Wal wal) {
        flush(wal);
        wal.close();
    }
}

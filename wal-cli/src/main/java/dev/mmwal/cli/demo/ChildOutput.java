package dev.mmwal.cli.demo;

import org.agrona.collections.LongArrayList;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads what a {@link CrashChild} prints: {@code READY <endLsn>} once, then {@code C <lsn> <txnId>}
 * per durable commit. Only newline-terminated lines count: the last line a SIGKILL cuts short was
 * never fully acknowledged.
 */
final class ChildOutput {
    private final CountDownLatch ready = new CountDownLatch(1);
    private final LongArrayList lsns = new LongArrayList();
    private final LongArrayList txnIds = new LongArrayList();
    private volatile long startLsn = -1;

    /** Reads until end of stream (the child exited or was killed). */
    void readAll(final InputStream in) {
        final byte[] buffer = new byte[1 << 16];
        final StringBuilder line = new StringBuilder(64);
        try {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        onLine(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char)buffer[i]);
                    }
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot read the crash child's output: cause=" + ex.getMessage(), ex);
        }
    }

    private void onLine(final String line) {
        final String[] fields = line.split(" ");
        if (fields.length == 2 && fields[0].equals("READY")) {
            startLsn = Long.parseLong(fields[1]);
            ready.countDown();
        } else if (fields.length == 3 && fields[0].equals("C")) {
            synchronized (this) {
                lsns.addLong(Long.parseLong(fields[1]));
                txnIds.addLong(Long.parseLong(fields[2]));
            }
        }
    }

    boolean awaitReady(final long timeout, final TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    /** Where the child's log ended when it opened it. */
    long startLsn() {
        return startLsn;
    }

    synchronized int acknowledged() {
        return lsns.size();
    }

    synchronized long lsn(final int index) {
        return lsns.getLong(index);
    }

    synchronized long txnId(final int index) {
        return txnIds.getLong(index);
    }
}

package dev.mmwal.txn.internal;

import dev.mmwal.LogRecord;
import dev.mmwal.WalReader;
import dev.mmwal.txn.TxnRecord;
import dev.mmwal.txn.format.TxnRecordType;

import java.util.function.LongSupplier;

/**
 * Times what redo does to the log while the log runs: reads and decodes records from a start
 * LSN, wraps each page change as redo would and sums its redo image (so the bytes are touched),
 * without calling the engine. The checkpoint agent runs it now and then and feeds
 * {@link ReplayRate#probeSample}. Single-threaded; one instance per caller.
 */
public final class RedoProbe {
    private final LogRecord record = new LogRecord();
    private final TxnRecord view = new TxnRecord();
    private final LongSupplier clock;
    private long bytes;
    private long nanos;
    private long checksum;

    /** @param clock nanoseconds (System::nanoTime; a fake one in tests). */
    public RedoProbe(final LongSupplier clock) {
        this.clock = clock;
    }

    /** Reads from {@code reader}'s position until {@code maxBytes} were read or the readable end. */
    public void run(final WalReader reader, final long maxBytes) {
        final long from = reader.position();
        final long started = clock.getAsLong();
        while (reader.position() - from < maxBytes && reader.next(record)) {
            if (TxnRecordType.changesPage(record.type())) {
                view.wrap(record);
                final long end = view.redoOffset() + view.redoLength();
                for (long at = view.redoOffset(); at < end; at += 8) {
                    checksum += view.buffer().get(java.lang.foreign.ValueLayout.JAVA_BYTE, at);
                }
            }
        }
        nanos = clock.getAsLong() - started;
        bytes = reader.position() - from;
    }

    public long bytes() {
        return bytes;
    }

    public long nanos() {
        return nanos;
    }

    /** Keeps the image reads observable so the JIT cannot drop them. */
    public long checksum() {
        return checksum;
    }
}

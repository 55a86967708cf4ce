package dev.mmwal.txn.testing;

import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnLog;
import dev.mmwal.txn.TxnRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A page store persisted to one file: page {@code i} at {@code i * 512}: its page LSN (8 bytes,
 * little-endian) then {@link #PAGE_SIZE} bytes. Pages live in memory and reach the file only
 * through {@link #writeBack}, which obeys the WAL rule. Thread-safe (one monitor).
 */
public final class FilePageStore implements RecoveryHandler, AutoCloseable {
    public static final int PAGE_SIZE = 256;
    private static final int STRIDE = 512;

    private final FileChannel file;
    private final byte[][] pages;
    private final long[] pageLsns;
    private final long[] recLsns;
    private TxnLog attached;

    private FilePageStore(final FileChannel file, final int count) {
        this.file = file;
        this.pages = new byte[count][PAGE_SIZE];
        this.pageLsns = new long[count];
        this.recLsns = new long[count];
    }

    /** Opens (creating) the file and loads every page from it: the state on "disk". */
    public static FilePageStore open(final Path path, final int count) throws IOException {
        final FilePageStore store = new FilePageStore(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE), count);
        store.load();
        return store;
    }

    private void load() throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(8 + PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < pages.length; i++) {
            buffer.clear();
            final int read = file.read(buffer, (long)i * STRIDE);
            if (read == 8 + PAGE_SIZE) {
                pageLsns[i] = buffer.getLong(0);
                buffer.get(8, pages[i]);
            }
        }
    }

    /** The log whose {@link TxnLog#nextLsn()} gives recLsns to pages an undo dirties. */
    public synchronized void attach(final TxnLog txnLog) {
        this.attached = txnLog;
    }

    public synchronized long write(final TxnLog log, final Transaction txn, final int pageId, final int offset, final byte[] bytes) {
        if (recLsns[pageId] == 0) {
            recLsns[pageId] = log.nextLsn();
        }
        final byte[] before = Arrays.copyOfRange(pages[pageId], offset, offset + bytes.length);
        final long lsn = log.update(txn, pageId, offset, before, bytes);
        System.arraycopy(bytes, 0, pages[pageId], offset, bytes.length);
        pageLsns[pageId] = lsn;
        return lsn;
    }

    /** Writes the page to the file after the log is durable through its page LSN (the WAL rule). */
    public synchronized void writeBack(final TxnLog log, final int pageId) {
        log.awaitDurable(pageLsns[pageId]);
        final ByteBuffer buffer = ByteBuffer.allocate(8 + PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(0, pageLsns[pageId]).put(8, pages[pageId]);
        try {
            file.write(buffer, (long)pageId * STRIDE);
        } catch (final IOException ex) {
            throw new UncheckedIOException("page write-back failed: pageId=" + pageId, ex);
        }
        recLsns[pageId] = 0;
    }

    public synchronized byte[] read(final int pageId) {
        return pages[pageId].clone();
    }

    public int pageCount() {
        return pages.length;
    }

    @Override
    public synchronized long pageLsn(final long pageId) {
        return pageLsns[(int)pageId];
    }

    @Override
    public synchronized void redo(final TxnRecord record) {
        final int id = (int)record.pageId();
        record.copyRedoImage(pages[id], record.pageOffset());
        pageLsns[id] = record.lsn();
        if (recLsns[id] == 0) {
            recLsns[id] = record.lsn();
        }
    }

    @Override
    public synchronized void undo(final TxnRecord update, final Compensation clr) {
        final int id = (int)update.pageId();
        if (recLsns[id] == 0) {
            recLsns[id] = attached.nextLsn();
        }
        final long clrLsn = clr.log();
        update.copyUndoImage(pages[id], update.pageOffset());
        pageLsns[id] = clrLsn;
    }

    @Override
    public synchronized void dirtyPages(final DirtyPageSink sink) {
        for (int i = 0; i < pages.length; i++) {
            if (recLsns[i] != 0) {
                sink.dirtyPage(i, recLsns[i]);
            }
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}

package dev.mmwal.txn.testing;

import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnLog;
import dev.mmwal.txn.TxnRecord;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A storage engine in miniature: pages of {@link #PAGE_SIZE} bytes in memory, each with a page
 * LSN and a recLsn while dirty, and a "disk" copy written back only when a test says so, under
 * the WAL rule. {@link #crash()} drops memory and keeps the disk, like a process crash.
 * Thread-safe (one monitor: the point is the protocol, not the engine's concurrency).
 */
public final class MemPageStore implements RecoveryHandler {
    public static final int PAGE_SIZE = 256;

    private static final class Page {
        final byte[] data;
        long pageLsn;
        long recLsn;

        Page(final byte[] data, final long pageLsn) {
            this.data = data;
            this.pageLsn = pageLsn;
        }

        Page copy() {
            return new Page(data.clone(), pageLsn);
        }
    }

    private final Map<Long, Page> memory = new HashMap<>();
    private TxnLog attached;
    private final Map<Long, Page> disk = new HashMap<>();
    private long redone;
    private long undone;

    /** The log whose {@link TxnLog#nextLsn()} gives recLsns to pages an undo dirties. */
    public synchronized void attach(final TxnLog txnLog) {
        this.attached = txnLog;
    }

    /** Changes {@code bytes.length} bytes at {@code offset} of {@code pageId} in {@code txn}: logs, then applies. */
    public synchronized long write(final TxnLog log, final Transaction txn, final long pageId, final int offset, final byte[] bytes) {
        final Page page = page(pageId);
        final byte[] before = Arrays.copyOfRange(page.data, offset, offset + bytes.length);
        if (page.recLsn == 0) {
            page.recLsn = attached.nextLsn();
        }
        final long lsn = log.update(txn, pageId, offset, before, bytes);
        System.arraycopy(bytes, 0, page.data, offset, bytes.length);
        page.pageLsn = lsn;
        return lsn;
    }

    /** Writes a page back to disk after making the log durable up to its page LSN (the WAL rule). */
    public synchronized void writeBack(final TxnLog log, final long pageId) {
        final Page page = page(pageId);
        log.awaitDurable(page.pageLsn);
        disk.put(pageId, page.copy());
        page.recLsn = 0;
    }

    public synchronized void writeBackAll(final TxnLog log) {
        for (final long pageId : memory.keySet().toArray(Long[]::new)) {
            writeBack(log, pageId);
        }
    }

    /** A process crash: memory is lost, the disk copy stays. */
    public synchronized void crash() {
        memory.clear();
        disk.forEach((id, page) -> memory.put(id, page.copy()));
        redone = 0;
        undone = 0;
    }

    public synchronized byte[] read(final long pageId) {
        return page(pageId).data.clone();
    }

    public synchronized byte[] readDisk(final long pageId) {
        final Page page = disk.get(pageId);
        return page == null ? new byte[PAGE_SIZE] : page.data.clone();
    }

    /** Every page's content, by id (memory view). */
    public synchronized Map<Long, byte[]> snapshot() {
        final Map<Long, byte[]> copy = new TreeMap<>();
        memory.forEach((id, page) -> copy.put(id, page.data.clone()));
        return copy;
    }

    public synchronized long redone() {
        return redone;
    }

    public synchronized long undone() {
        return undone;
    }

    @Override
    public synchronized long pageLsn(final long pageId) {
        final Page page = memory.get(pageId);
        return page == null ? 0 : page.pageLsn;
    }

    @Override
    public synchronized void redo(final TxnRecord record) {
        final Page page = page(record.pageId());
        record.copyRedoImage(page.data, record.pageOffset());
        page.pageLsn = record.lsn();
        if (page.recLsn == 0) {
            page.recLsn = record.lsn();
        }
        redone++;
    }

    @Override
    public synchronized void undo(final TxnRecord update, final Compensation clr) {
        final Page page = page(update.pageId());
        if (page.recLsn == 0) {
            page.recLsn = attached.nextLsn();
        }
        final long clrLsn = clr.log();
        update.copyUndoImage(page.data, update.pageOffset());
        page.pageLsn = clrLsn;
        undone++;
    }

    @Override
    public synchronized void dirtyPages(final DirtyPageSink sink) {
        memory.forEach((id, page) -> {
            if (page.recLsn != 0) {
                sink.dirtyPage(id, page.recLsn);
            }
        });
    }

    private Page page(final long pageId) {
        return memory.computeIfAbsent(pageId, id -> new Page(new byte[PAGE_SIZE], 0));
    }
}

package dev.mmwal.stress.powerloss;

import dev.mmwal.io.FileOps;
import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnLog;
import dev.mmwal.txn.TxnRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A page store for power-loss tests: every file operation goes through a {@link FileOps} (the
 * seam {@link PowerLossFileOps} simulates), and a page survives a torn or dropped write-back.
 *
 * <p><b>Layout.</b> Page {@code i} has two slots, at {@code (2i + s) * SLOT_STRIDE}:
 * <pre>
 *   0  pageLsn   8 bytes, little-endian
 *   8  crc32c    4 bytes over pageLsn and the data
 *  12  reserved  4 bytes (0)
 *  16  data      PAGE_SIZE bytes
 * </pre>
 * A slot spans three 512-byte sectors, so a power cut can tear it. A write-back goes to the slot
 * that does not hold the last synced copy; loading takes the valid slot with the highest page
 * LSN. So an unsynced write torn or lost leaves the previous synced copy.
 *
 * <p><b>Clean means synced.</b> A page's recLsn (reported to checkpoints) is cleared only when a
 * {@link #sync()} made its write-back durable; changes made after the write-back and before the
 * sync keep a recLsn of their own. Before writing a page it calls {@link TxnLog#awaitDurable}
 * with the page LSN (the WAL rule).
 *
 * <p>Thread-safe: one monitor (the page latch of every page).
 */
final class ShadowPageStore implements RecoveryHandler, AutoCloseable {
    static final int PAGE_SIZE = 1024;
    static final int SLOT_STRIDE = 2048;
    private static final int HEADER = 16;
    private static final int NONE = -1;

    private final FileOps fileOps;
    private final FileChannel channel;
    private final byte[][] pages;
    private final long[] pageLsns;
    private final long[] recLsns;
    private final long[] pendingRecLsns;
    private final boolean[] pending;
    private final int[] syncedSlots;
    private final ByteBuffer slot = ByteBuffer.allocate(HEADER + PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private TxnLog log;

    private ShadowPageStore(final FileOps fileOps, final FileChannel channel, final int count) {
        this.fileOps = fileOps;
        this.channel = channel;
        this.pages = new byte[count][PAGE_SIZE];
        this.pageLsns = new long[count];
        this.recLsns = new long[count];
        this.pendingRecLsns = new long[count];
        this.pending = new boolean[count];
        this.syncedSlots = new int[count];
    }

    /** Opens {@code path} (creating it allocated, synced and named durably) and loads every page. */
    static ShadowPageStore open(final Path path, final FileOps fileOps, final int count) throws IOException {
        if (!Files.exists(path)) {
            fileOps.allocate(path, (long)count * 2 * SLOT_STRIDE, FileOps.Preallocation.ZERO_FILL);
            fileOps.syncDirectory(path.toAbsolutePath().getParent());
        }
        final ShadowPageStore store = new ShadowPageStore(fileOps, fileOps.openReadWrite(path), count);
        try {
            store.load();
        } catch (final IOException | RuntimeException ex) {
            store.channel.close();
            throw ex;
        }
        return store;
    }

    private void load() throws IOException {
        for (int page = 0; page < pages.length; page++) {
            syncedSlots[page] = NONE;
            for (int s = 0; s < 2; s++) {
                slot.clear();
                channel.read(slot, slotOffset(page, s));
                if (validSlot() && (syncedSlots[page] == NONE || slot.getLong(0) > pageLsns[page])) {
                    syncedSlots[page] = s;
                    pageLsns[page] = slot.getLong(0);
                    slot.get(HEADER, pages[page]);
                }
            }
        }
    }

    private boolean validSlot() {
        return slot.position() == slot.capacity() && slot.getInt(8) == crc(slot.getLong(0), slot, HEADER);
    }

    private static int crc(final long pageLsn, final ByteBuffer data, final int dataOffset) {
        final CRC32C crc = new CRC32C();
        final byte[] lsn = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, pageLsn).array();
        crc.update(lsn);
        crc.update(data.array(), dataOffset, PAGE_SIZE);
        return (int)crc.getValue();
    }

    private static long slotOffset(final int page, final int s) {
        return (2L * page + s) * SLOT_STRIDE;
    }

    /** The log whose {@link TxnLog#nextLsn()} gives recLsns to pages an undo dirties. */
    synchronized void attach(final TxnLog txnLog) {
        this.log = txnLog;
    }

    /** Logs an update of {@code bytes} at {@code offset} of {@code pageId} and applies it. */
    synchronized long write(final Transaction txn, final int pageId, final int offset, final byte[] bytes) {
        dirty(pageId, log.nextLsn());
        final byte[] before = Arrays.copyOfRange(pages[pageId], offset, offset + bytes.length);
        final long lsn = log.update(txn, pageId, offset, before, bytes);
        System.arraycopy(bytes, 0, pages[pageId], offset, bytes.length);
        pageLsns[pageId] = lsn;
        return lsn;
    }

    /** A change the disk copy lacks is about to be made at or after {@code lsn}. */
    private void dirty(final int pageId, final long lsn) {
        if (recLsns[pageId] == 0) {
            recLsns[pageId] = lsn;
        }
        if (pending[pageId] && pendingRecLsns[pageId] == 0) {
            pendingRecLsns[pageId] = lsn;
        }
    }

    /** Writes a dirty page to its spare slot (not synced), after the log is durable through its page LSN. */
    synchronized void writeBack(final int pageId) {
        if (recLsns[pageId] == 0 || pending[pageId] && pendingRecLsns[pageId] == 0) {
            return;
        }
        log.awaitDurable(pageLsns[pageId]);
        slot.clear();
        slot.putLong(0, pageLsns[pageId]).put(HEADER, pages[pageId]);
        slot.putInt(8, crc(pageLsns[pageId], slot, HEADER)).putInt(12, 0);
        try {
            fileOps.write(channel, MemorySegment.ofBuffer(slot), slotOffset(pageId, targetSlot(pageId)));
        } catch (final IOException ex) {
            throw new UncheckedIOException("page write-back failed: pageId=" + pageId + ", pageLsn=" + pageLsns[pageId], ex);
        }
        pending[pageId] = true;
        pendingRecLsns[pageId] = 0;
    }

    private int targetSlot(final int pageId) {
        return syncedSlots[pageId] == NONE ? 0 : 1 - syncedSlots[pageId];
    }

    /** Makes every write-back so far durable; the pages they wrote are clean up to what changed since. */
    synchronized void sync() {
        try {
            fileOps.syncData(channel);
        } catch (final IOException ex) {
            throw new UncheckedIOException("page file sync failed: cause=" + ex.getMessage(), ex);
        }
        for (int page = 0; page < pages.length; page++) {
            if (pending[page]) {
                pending[page] = false;
                syncedSlots[page] = targetSlot(page);
                recLsns[page] = pendingRecLsns[page];
            }
        }
    }

    synchronized byte[] read(final int pageId) {
        return pages[pageId].clone();
    }

    int pageCount() {
        return pages.length;
    }

    @Override
    public synchronized long pageLsn(final long pageId) {
        return pageLsns[(int)pageId];
    }

    @Override
    public synchronized void redo(final TxnRecord record) {
        final int id = (int)record.pageId();
        dirty(id, record.lsn());
        record.copyRedoImage(pages[id], record.pageOffset());
        pageLsns[id] = record.lsn();
    }

    @Override
    public synchronized void undo(final TxnRecord update, final Compensation clr) {
        final int id = (int)update.pageId();
        dirty(id, log.nextLsn());
        final long clrLsn = clr.log();
        update.copyUndoImage(pages[id], update.pageOffset());
        pageLsns[id] = clrLsn;
    }

    @Override
    public synchronized void dirtyPages(final DirtyPageSink sink) {
        for (int page = 0; page < pages.length; page++) {
            if (recLsns[page] != 0) {
                sink.dirtyPage(page, recLsns[page]);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

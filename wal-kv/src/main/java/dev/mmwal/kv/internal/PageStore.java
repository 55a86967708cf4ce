package dev.mmwal.kv.internal;

import dev.mmwal.Durability;
import dev.mmwal.kv.KvCodec;
import dev.mmwal.kv.KvException;
import dev.mmwal.kv.format.PageDescriptor;
import dev.mmwal.kv.format.SlotDescriptor;
import dev.mmwal.txn.RecoveryHandler;
import dev.mmwal.txn.Transaction;
import dev.mmwal.txn.TxnLog;
import dev.mmwal.txn.TxnRecord;

import java.util.Arrays;

/**
 * The store's pages, in memory (the whole state fits in memory), and the wal-txn
 * {@link RecoveryHandler} over them. A page is a {@code byte[]} of {@code pageSize} bytes with a
 * page LSN, a recLsn while dirty, and a flag saying its next change must first log a full-page
 * image. Rows live in fixed-size slots ({@link SlotDescriptor}); slot {@code s} is on page
 * {@code s / slotsPerPage}.
 *
 * <p><b>Logging (physiological).</b> Every change is one wal-txn UPDATE: page id, byte offset in
 * the page, before image, after image, logged and applied under the page's latch (its monitor),
 * so page LSNs only grow. Undo writes the before image back at the same offset: rows never move,
 * and strict two-phase locking keeps two live transactions off the same slot.
 *
 * <p><b>Torn pages.</b> In full-page-image mode the first change of a page after it was written
 * back is preceded by an UPDATE whose before image is empty and whose after image is the whole page
 * body. Redo of it rebuilds the page whatever the page file holds; undo of it writes nothing. In
 * doublewrite mode ({@link PageFile#doublewriting()}) no images are logged: a write-back first
 * writes its whole batch to the {@link DoublewriteFile} and syncs it, and {@link #load} repairs a
 * torn page from its copy there. Load uses a doublewrite file whenever one exists, so a store
 * opens in either mode whatever mode its last run used.
 *
 * <p><b>Threads.</b> Transactions write from any thread; the checkpointing thread reads dirty pages
 * and writes them back; wal-txn calls the handler from the recovering or rolling-back thread.
 * Each page is guarded by its own monitor; the page table grows under {@link #grow}.
 */
public final class PageStore implements RecoveryHandler {
    private static final byte[] EMPTY = new byte[0];

    /** What a slot held, for index maintenance after a runtime undo. */
    public record SlotState(boolean used, int tableId, byte[] key) {
    }

    /** Told of each slot a runtime rollback changed. */
    public interface UndoListener {
        void undone(long slot, SlotState before, SlotState after);
    }

    /** Visits live rows. */
    @FunctionalInterface
    public interface RowVisitor {
        void row(long slot, int tableId, byte[] key);
    }

    private static final class Page {
        final long id;
        final byte[] data;
        long pageLsn;
        long recLsn;
        boolean needsFullImage;
        /** Changed since its last write-back by records with no full image before them (CLRs, or redo of them): log one before writing it back. */
        boolean imageAtWriteBack;

        Page(final long id, final byte[] data) {
            this.id = id;
            this.data = data;
        }
    }

    private final int pageSize;
    private final int slotSize;
    private final int slotsPerPage;
    private final int maxKeySize;
    private final long storeId;
    private final Object grow = new Object();
    private volatile Page[] pages = new Page[16];
    private volatile long pageCount;
    private TxnLog log;
    private volatile UndoListener listener;
    private volatile boolean fullPageImages = true;
    private int repairedFromDoublewrite;
    private byte[] batch = EMPTY;

    public PageStore(final int pageSize, final int maxKeySize, final int maxValueSize, final long storeId) {
        this.pageSize = pageSize;
        this.slotSize = SlotDescriptor.slotSize(maxKeySize, maxValueSize);
        this.slotsPerPage = (pageSize - PageDescriptor.HEADER_LENGTH) / slotSize;
        this.maxKeySize = maxKeySize;
        this.storeId = storeId;
    }

    /** Binds the log used for recLsns and CLRs; before recovery. */
    public void attach(final TxnLog txnLog) {
        this.log = txnLog;
    }

    /** Starts index maintenance on runtime rollbacks; after recovery. */
    public void listen(final UndoListener undoListener) {
        this.listener = undoListener;
    }

    public int slotSize() {
        return slotSize;
    }

    public int slotsPerPage() {
        return slotsPerPage;
    }

    public long pageCount() {
        return pageCount;
    }

    // ------------------------------------------------------------------ load and write back

    /**
     * Reads every page of {@code file}. A page whose checksum fails (a torn write) is taken from
     * the doublewrite file when that holds a copy ({@link #repairedFromDoublewrite()} counts them),
     * and stays dirty so the checkpoint at open writes it in place again (else the torn write would
     * stay there, with its only good copy in a file the next checkpoint overwrites); otherwise it is started empty with page LSN 0, for redo to rebuild from its full-page image.
     * Returns the torn pages.
     */
    public int load(final PageFile file) {
        fullPageImages = !file.doublewriting();
        final DoublewriteFile doublewrite = file.doublewrite();
        final long count = file.pageCount();
        int torn = 0;
        for (long id = 0; id < count; id++) {
            final Page page = page(id);
            file.read(id, page.data);
            page.needsFullImage = fullPageImages;
            if (PageDescriptor.magic(page.data) == 0 && allZero(page.data)) {
                continue; // a hole: never written
            }
            boolean sound = sound(page.data, id);
            if (sound && PageDescriptor.storeId(page.data) != storeId) {
                throw new KvException("page belongs to another store: file=" + file.file() + ", pageId=" + id + ", storeId="
                    + PageFile.hex(PageDescriptor.storeId(page.data)) + ", expected=" + PageFile.hex(storeId));
            }
            final boolean cut = !sound;
            if (cut) {
                torn++;
                sound = doublewrite != null && doublewrite.copy(id, storeId, page.data);
                repairedFromDoublewrite += sound ? 1 : 0;
            }
            if (sound) {
                page.pageLsn = PageDescriptor.pageLsn(page.data);
                if (cut) {
                    page.recLsn = Math.max(1, page.pageLsn); // dirty: the place still holds the torn write until it is written again
                }
            } else {
                Arrays.fill(page.data, (byte)0);
            }
        }
        return torn;
    }

    private static boolean sound(final byte[] data, final long id) {
        return PageDescriptor.magic(data) == PageDescriptor.MAGIC && PageDescriptor.storedCrc(data) == PageDescriptor.crc(data)
            && PageDescriptor.pageId(data) == id;
    }

    /** Torn pages the last {@link #load} took from the doublewrite file. */
    public int repairedFromDoublewrite() {
        return repairedFromDoublewrite;
    }

    /**
     * Writes every dirty page back ({@code pwrite} of a copy taken under its latch, after the log is
     * durable to the copy's page LSN: the WAL rule), then syncs the page file. Uncommitted changes
     * go too (steal). Returns the pages written.
     */
    public int writeBack(final PageFile file) {
        return file.doublewriting() ? writeBackThroughDoublewrite(file) : writeBackInPlace(file);
    }

    private int writeBackInPlace(final PageFile file) {
        final byte[] copy = new byte[pageSize];
        int written = 0;
        final long count = pageCount; // read before the table: pages is written before pageCount
        final Page[] table = pages;
        for (int i = 0; i < count; i++) {
            final Page page = table[i];
            final long lsn;
            synchronized (page) {
                if (page.recLsn == 0) {
                    continue;
                }
                if (page.imageAtWriteBack) {
                    logImageBeforeWriteBack(page);
                }
                System.arraycopy(page.data, 0, copy, 0, pageSize);
                lsn = page.pageLsn;
                page.recLsn = 0;
                page.needsFullImage = true;
            }
            log.awaitDurable(lsn);
            PageDescriptor.seal(copy, page.id, lsn, storeId);
            file.write(page.id, copy);
            written++;
        }
        file.force();
        return written;
    }

    /**
     * Logs the page's body as a full-page image in a transaction of its own (committed without
     * waiting: the WAL rule's wait before the write makes it durable), and makes it the page LSN.
     * For a page whose changes since its last write-back began with a CLR (a rollback's or
     * recovery's undo logs no image first): without it, redo of a torn write of this page would
     * start from an empty page and replay only those changes. Under the page's latch.
     */
    private void logImageBeforeWriteBack(final Page page) {
        final Transaction system = log.begin();
        page.pageLsn = log.update(system, page.id, PageDescriptor.HEADER_LENGTH, EMPTY,
            Arrays.copyOfRange(page.data, PageDescriptor.HEADER_LENGTH, pageSize));
        log.commit(system, Durability.NONE);
        page.imageAtWriteBack = false;
    }

    /**
     * Doublewrite mode: copies every dirty page into one batch, waits for the log to be durable to
     * the highest page LSN in it, writes the batch to the doublewrite file and syncs it, then writes
     * each page in place and syncs the page file. The batch buffer is kept for the next checkpoint.
     */
    private int writeBackThroughDoublewrite(final PageFile file) {
        final long count = pageCount; // read before the table: pages is written before pageCount
        final Page[] table = pages;
        final long[] ids = new long[(int)count];
        final byte[] copy = new byte[pageSize];
        int dirty = 0;
        long maxLsn = 0;
        for (int i = 0; i < count; i++) {
            final Page page = table[i];
            synchronized (page) {
                if (page.recLsn == 0) {
                    continue;
                }
                if (batch.length < (dirty + 1) * pageSize) {
                    batch = Arrays.copyOf(batch, Math.max((dirty + 1) * pageSize, batch.length * 2));
                }
                System.arraycopy(page.data, 0, copy, 0, pageSize);
                PageDescriptor.seal(copy, page.id, page.pageLsn, storeId);
                System.arraycopy(copy, 0, batch, dirty * pageSize, pageSize);
                maxLsn = Math.max(maxLsn, page.pageLsn);
                page.recLsn = 0;
            }
            ids[dirty++] = page.id;
        }
        if (dirty == 0) {
            return 0;
        }
        log.awaitDurable(maxLsn);
        file.doublewrite().write(batch, dirty);
        for (int i = 0; i < dirty; i++) {
            file.write(ids[i], batch, i * pageSize);
        }
        file.force();
        return dirty;
    }

    // ------------------------------------------------------------------ rows

    /**
     * Logs and applies {@code image[0, length)} at slot {@code slot} for {@code txn}, preceded by a
     * full-page image when the page was written back since its last change. Returns the LSN.
     */
    public long write(final Transaction txn, final long slot, final byte[] image, final int length) {
        final Page page = page(slot / slotsPerPage);
        final int offset = slotOffset(slot);
        synchronized (page) {
            if (page.recLsn == 0) {
                page.recLsn = log.nextLsn(); // before logging: a safe recLsn
            }
            if (page.needsFullImage && fullPageImages) {
                page.pageLsn = log.update(txn, page.id, PageDescriptor.HEADER_LENGTH, EMPTY, 0, 0,
                    page.data, PageDescriptor.HEADER_LENGTH, pageSize - PageDescriptor.HEADER_LENGTH);
                page.needsFullImage = false;
            }
            // both images go from their arrays straight into the log (the page is latched): no copies
            final long lsn = log.update(txn, page.id, offset, page.data, offset, length, image, 0, length);
            System.arraycopy(image, 0, page.data, offset, length);
            page.pageLsn = lsn;
            return lsn;
        }
    }

    /**
     * The value of the live row in {@code slot} decoded as a long ({@link KvCodec#value(long)}'s
     * encoding), or {@code absent} when the slot is free: read in place, allocates nothing.
     *
     * @throws KvException when the value is not 8 bytes long.
     */
    public long readLong(final long slot, final long absent) {
        final Page page = page(slot / slotsPerPage);
        final int offset = slotOffset(slot);
        synchronized (page) {
            if (!SlotDescriptor.used(page.data, offset)) {
                return absent;
            }
            final int length = SlotDescriptor.valueLength(page.data, offset);
            if (length != Long.BYTES) {
                throw new KvException("not a long value: length=" + length + ", expected=8");
            }
            return KvCodec.toLong(page.data, offset + SlotDescriptor.KEY_OFFSET + maxKeySize);
        }
    }

    /** The value of the live row in {@code slot}, or null when the slot is free or holds another key. */
    public byte[] value(final long slot) {
        final Page page = page(slot / slotsPerPage);
        final int offset = slotOffset(slot);
        synchronized (page) {
            if (!SlotDescriptor.used(page.data, offset)) {
                return null;
            }
            final int from = offset + SlotDescriptor.KEY_OFFSET + maxKeySize;
            return Arrays.copyOfRange(page.data, from, from + SlotDescriptor.valueLength(page.data, offset));
        }
    }

    /** Whether {@code slot} holds a live row. */
    public boolean used(final long slot) {
        final Page page = page(slot / slotsPerPage);
        synchronized (page) {
            return SlotDescriptor.used(page.data, slotOffset(slot));
        }
    }

    /** Every live row, page by page (for rebuilding the index at open). */
    public void forEachRow(final RowVisitor visitor) {
        final long count = pageCount;
        for (long id = 0; id < count; id++) {
            final Page page = page(id);
            synchronized (page) {
                for (int i = 0; i < slotsPerPage; i++) {
                    final int offset = PageDescriptor.HEADER_LENGTH + i * slotSize;
                    if (SlotDescriptor.used(page.data, offset)) {
                        visitor.row(id * slotsPerPage + i, SlotDescriptor.tableId(page.data, offset), key(page.data, offset));
                    }
                }
            }
        }
    }

    private byte[] key(final byte[] data, final int offset) {
        final int from = offset + SlotDescriptor.KEY_OFFSET;
        return Arrays.copyOfRange(data, from, from + SlotDescriptor.keyLength(data, offset));
    }

    private int slotOffset(final long slot) {
        return PageDescriptor.HEADER_LENGTH + (int)(slot % slotsPerPage) * slotSize;
    }

    private Page page(final long id) {
        final Page[] table = pages;
        if (id < table.length && table[(int)id] != null) {
            return table[(int)id];
        }
        synchronized (grow) {
            Page[] current = pages;
            if (id >= current.length) {
                current = Arrays.copyOf(current, (int)Math.max(id + 1, current.length * 2L));
            }
            for (long i = pageCount; i <= id; i++) {
                current[(int)i] = new Page(i, new byte[pageSize]);
            }
            pages = current;
            pageCount = Math.max(pageCount, id + 1);
            return current[(int)id];
        }
    }

    private static boolean allZero(final byte[] data) {
        for (final byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ RecoveryHandler

    @Override
    public long pageLsn(final long pageId) {
        if (pageId >= pageCount) {
            return 0;
        }
        final Page page = page(pageId);
        synchronized (page) {
            return page.pageLsn;
        }
    }

    @Override
    public void redo(final TxnRecord record) {
        final Page page = page(record.pageId());
        checkBounds(record, record.redoLength());
        final boolean fullImage = record.pageOffset() == PageDescriptor.HEADER_LENGTH && record.redoLength() == pageSize - PageDescriptor.HEADER_LENGTH;
        synchronized (page) {
            record.copyRedoImage(page.data, record.pageOffset());
            if (fullImage) {
                page.needsFullImage = false; // the log holds an image of it after its last write-back
                page.imageAtWriteBack = false;
            } else if (page.needsFullImage && fullPageImages) {
                page.imageAtWriteBack = true; // a change replayed with no image before it since the page was loaded
            }
            page.pageLsn = record.lsn();
            if (page.recLsn == 0) {
                page.recLsn = record.lsn();
            }
        }
    }

    @Override
    public void undo(final TxnRecord update, final Compensation clr) {
        final Page page = page(update.pageId());
        checkBounds(update, update.undoLength());
        final UndoListener bound = listener;
        final int offset = update.pageOffset();
        final boolean slotChange = bound != null && update.undoLength() > 0 && offset >= PageDescriptor.HEADER_LENGTH;
        synchronized (page) {
            final int slotStart = slotChange ? PageDescriptor.HEADER_LENGTH + (offset - PageDescriptor.HEADER_LENGTH) / slotSize * slotSize : 0;
            final SlotState before = slotChange ? state(page.data, slotStart) : null;
            if (page.recLsn == 0) {
                page.recLsn = log.nextLsn();
            }
            final long clrLsn = clr.log();
            update.copyUndoImage(page.data, offset);
            if (page.needsFullImage && fullPageImages) {
                page.imageAtWriteBack = true; // a CLR logs no image: the write-back will
            }
            page.pageLsn = clrLsn;
            if (slotChange) {
                final long slot = page.id * slotsPerPage + (slotStart - PageDescriptor.HEADER_LENGTH) / slotSize;
                bound.undone(slot, before, state(page.data, slotStart));
            }
        }
    }

    private SlotState state(final byte[] data, final int offset) {
        return new SlotState(SlotDescriptor.used(data, offset), SlotDescriptor.tableId(data, offset), key(data, offset));
    }

    private void checkBounds(final TxnRecord record, final int length) {
        if (record.pageOffset() + length > pageSize) {
            throw new KvException("log record reaches past its page: lsn=" + record.lsn() + ", pageId=" + record.pageId() + ", pageOffset="
                + record.pageOffset() + ", length=" + length + ", pageSize=" + pageSize);
        }
    }

    @Override
    public void dirtyPages(final DirtyPageSink sink) {
        final long count = pageCount; // read before the table: pages is written before pageCount
        final Page[] table = pages;
        for (int i = 0; i < count; i++) {
            final Page page = table[i];
            synchronized (page) {
                if (page.recLsn != 0) {
                    sink.dirtyPage(page.id, page.recLsn);
                }
            }
        }
    }
}

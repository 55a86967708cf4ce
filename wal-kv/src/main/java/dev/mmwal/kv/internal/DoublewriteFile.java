package dev.mmwal.kv.internal;

import dev.mmwal.io.Errno;
import dev.mmwal.io.FileOps;
import dev.mmwal.kv.KvException;
import dev.mmwal.kv.format.PageDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The doublewrite file {@code pages.dw} (InnoDB's doublewrite buffer): a checkpoint writes its whole
 * batch of sealed dirty pages here, one after another from offset 0, and syncs it, before it writes
 * any of them in place. So whenever an in-place write can be torn, a whole, synced copy of the page
 * is here; and while this file is being written (and may tear), the page file is whole and synced.
 *
 * <p>The file has no header: each page is self-describing (its {@link PageDescriptor} header holds
 * its page id, page LSN, store id and a CRC over the rest). Pages past the current batch, left by an
 * earlier larger batch, are older copies; {@link #copy} takes the valid copy with the highest page
 * LSN, so they never win over the batch that was written last.
 *
 * <p>Threads: {@link #write} from the one checkpointing thread; {@link #copy} at open.
 */
public final class DoublewriteFile implements AutoCloseable {
    public static final String NAME = "pages.dw";

    private final Path file;
    private final FileOps ops;
    private final FileChannel channel;
    private final int pageSize;

    private DoublewriteFile(final Path file, final FileOps ops, final FileChannel channel, final int pageSize) {
        this.file = file;
        this.ops = ops;
        this.channel = channel;
        this.pageSize = pageSize;
    }

    /**
     * Opens {@code file}, creating it (durably named) when {@code create}; returns null when it
     * does not exist and is not to be created.
     */
    static DoublewriteFile open(final FileOps ops, final Path file, final int pageSize, final boolean create) throws IOException {
        if (!Files.exists(file)) {
            if (!create) {
                return null;
            }
            ops.allocate(file, pageSize, FileOps.Preallocation.ZERO_FILL);
            ops.syncDirectory(file.toAbsolutePath().getParent());
        }
        return new DoublewriteFile(file, ops, ops.openReadWrite(file), pageSize);
    }

    /** Writes {@code batch[0, count * pageSize)} (sealed pages) from offset 0, then {@code fdatasync}s it. */
    public void write(final byte[] batch, final int count) {
        try {
            ops.write(channel, MemorySegment.ofArray(batch).asSlice(0, (long)count * pageSize), 0);
            ops.syncData(channel);
        } catch (final IOException ex) {
            throw new KvException("doublewrite failed: file=" + file + ", pages=" + count + ", cause=" + Errno.describe(ex), ex);
        }
    }

    /**
     * Copies into {@code page} the newest valid copy of page {@code pageId} of store {@code storeId},
     * if this file holds one; returns whether it did.
     */
    public boolean copy(final long pageId, final long storeId, final byte[] page) {
        final byte[] candidate = new byte[pageSize];
        long bestLsn = -1;
        try {
            final long count = channel.size() / pageSize;
            for (long i = 0; i < count; i++) {
                Arrays.fill(candidate, (byte)0);
                PageFile.readFully(channel, ByteBuffer.wrap(candidate), i * pageSize);
                if (PageDescriptor.magic(candidate) == PageDescriptor.MAGIC && PageDescriptor.storedCrc(candidate) == PageDescriptor.crc(candidate)
                    && PageDescriptor.pageId(candidate) == pageId && PageDescriptor.storeId(candidate) == storeId
                    && PageDescriptor.pageLsn(candidate) > bestLsn) {
                    bestLsn = PageDescriptor.pageLsn(candidate);
                    System.arraycopy(candidate, 0, page, 0, pageSize);
                }
            }
        } catch (final IOException ex) {
            throw new KvException("doublewrite read failed: file=" + file + ", pageId=" + pageId + ", cause=" + Errno.describe(ex), ex);
        }
        return bestLsn >= 0;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (final IOException ex) {
            throw new UncheckedIOException("doublewrite file close failed: file=" + file, ex);
        }
    }
}

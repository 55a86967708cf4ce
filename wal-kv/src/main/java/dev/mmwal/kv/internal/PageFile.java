package dev.mmwal.kv.internal;

import dev.mmwal.io.Errno;
import dev.mmwal.io.FileOps;
import dev.mmwal.kv.KvConfig;
import dev.mmwal.kv.KvException;
import dev.mmwal.kv.TornPageProtection;
import dev.mmwal.kv.format.PageFileDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The page file {@code pages.db} and its identity file {@code kv.meta}. Pages are written with
 * positional writes from heap copies ({@code pwrite}), never through a shared writable mapping:
 * the kernel could write a mapped page back before its log record is durable. Every write, sync,
 * create and rename goes through the configured {@link FileOps} (the seam power-loss tests
 * simulate). With {@link TornPageProtection#DOUBLEWRITE}, or when a doublewrite file is left from
 * a run in that mode, it holds the {@link DoublewriteFile} too.
 *
 * <p>Threads: {@link #write} and {@link #force} from the one checkpointing thread; reads at open.
 */
public final class PageFile implements AutoCloseable {
    public static final String PAGES = "pages.db";
    public static final String META = "kv.meta";

    private final Path file;
    private final FileOps ops;
    private final FileChannel channel;
    private final DoublewriteFile doublewrite;
    private final boolean doublewriting;
    private final long storeId;
    private final int pageSize;
    private final int maxKeySize;
    private final int maxValueSize;

    private PageFile(final Path file, final FileOps ops, final FileChannel channel, final byte[] header, final DoublewriteFile doublewrite,
                     final boolean doublewriting) {
        this.file = file;
        this.ops = ops;
        this.channel = channel;
        this.doublewrite = doublewrite;
        this.doublewriting = doublewriting;
        this.storeId = PageFileDescriptor.storeId(header);
        this.pageSize = PageFileDescriptor.pageSize(header);
        this.maxKeySize = PageFileDescriptor.maxKeySize(header);
        this.maxValueSize = PageFileDescriptor.maxValueSize(header);
    }

    /** Opens the store's page file, creating it (and {@code kv.meta}) for a new store; refuses a foreign or damaged one. */
    public static PageFile open(final KvConfig config) {
        final Path dir = config.directory();
        final Path meta = dir.resolve(META);
        final Path pages = dir.resolve(PAGES);
        final FileOps ops = config.fileOps();
        try {
            Files.createDirectories(dir);
            if (!Files.exists(meta)) {
                if (Files.exists(pages)) {
                    throw new KvException("page file without its identity file: file=" + pages + ", missing=" + meta);
                }
                create(config, ops, meta, pages);
            }
            final byte[] identity = Files.readAllBytes(meta);
            check(meta, identity);
            final FileChannel channel = ops.openReadWrite(pages);
            final byte[] header = new byte[PageFileDescriptor.LENGTH];
            DoublewriteFile doublewrite = null;
            try {
                readFully(channel, ByteBuffer.wrap(header), 0);
                check(pages, header);
                if (PageFileDescriptor.storeId(header) != PageFileDescriptor.storeId(identity)) {
                    throw new KvException("page file belongs to another store: file=" + pages + ", storeId=" + hex(PageFileDescriptor.storeId(header))
                        + ", expected=" + hex(PageFileDescriptor.storeId(identity)) + " (from " + meta + ")");
                }
                final boolean doublewriting = config.tornPageProtection() == TornPageProtection.DOUBLEWRITE;
                doublewrite = DoublewriteFile.open(ops, dir.resolve(DoublewriteFile.NAME), PageFileDescriptor.pageSize(header), doublewriting);
                return new PageFile(pages, ops, channel, header, doublewrite, doublewriting);
            } catch (final IOException | RuntimeException ex) {
                if (doublewrite != null) {
                    doublewrite.close();
                }
                channel.close();
                throw ex;
            }
        } catch (final IOException ex) {
            throw new KvException("cannot open the page file: dir=" + dir + ", cause=" + Errno.describe(ex), ex);
        }
    }

    /** The page file first (its header page synced), then {@code kv.meta} by an atomic rename: a store exists once its identity file does. */
    private static void create(final KvConfig config, final FileOps ops, final Path meta, final Path pages) throws IOException {
        final long id = new SecureRandom().nextLong();
        final byte[] header = PageFileDescriptor.encode(id, config.pageSize(), config.maxKeySize(), config.maxValueSize());
        final byte[] firstPage = new byte[config.pageSize()];
        System.arraycopy(header, 0, firstPage, 0, header.length);
        ops.allocate(pages, firstPage.length, FileOps.Preallocation.ZERO_FILL);
        writeSynced(ops, pages, firstPage);
        final Path temp = meta.resolveSibling(META + ".tmp");
        ops.delete(temp); // left by a creation cut short
        ops.allocate(temp, header.length, FileOps.Preallocation.ZERO_FILL);
        writeSynced(ops, temp, header);
        ops.rename(temp, meta);
        ops.syncDirectory(meta.toAbsolutePath().getParent());
    }

    private static void writeSynced(final FileOps ops, final Path file, final byte[] bytes) throws IOException {
        try (FileChannel channel = ops.openReadWrite(file)) {
            ops.write(channel, MemorySegment.ofArray(bytes), 0);
            ops.syncData(channel);
        }
    }

    private static void check(final Path file, final byte[] header) {
        if (header.length < PageFileDescriptor.LENGTH || PageFileDescriptor.magic(header) != PageFileDescriptor.MAGIC) {
            throw new KvException("not a wal-kv file: file=" + file + ", length=" + header.length
                + (header.length >= 4 ? ", magic=" + hex(PageFileDescriptor.magic(header)) : "") + ", expected=" + hex(PageFileDescriptor.MAGIC));
        }
        if (PageFileDescriptor.version(header) != PageFileDescriptor.VERSION) {
            throw new KvException("unsupported wal-kv file version: file=" + file + ", version=" + PageFileDescriptor.version(header)
                + ", supported=" + PageFileDescriptor.VERSION);
        }
        if (PageFileDescriptor.storedCrc(header) != PageFileDescriptor.crc(header)) {
            throw new KvException("wal-kv file header checksum mismatch: file=" + file + ", crc=" + hex(PageFileDescriptor.storedCrc(header))
                + ", computed=" + hex(PageFileDescriptor.crc(header)));
        }
    }

    /** The number of whole pages in the file. */
    public long pageCount() {
        try {
            return Math.max(0, channel.size() / pageSize - 1);
        } catch (final IOException ex) {
            throw new UncheckedIOException("page file size failed: file=" + file, ex);
        }
    }

    /** Reads page {@code pageId} into {@code page} (pageSize bytes). */
    public void read(final long pageId, final byte[] page) {
        try {
            readFully(channel, ByteBuffer.wrap(page), (pageId + 1) * pageSize);
        } catch (final IOException ex) {
            throw new KvException("page read failed: file=" + file + ", pageId=" + pageId + ", cause=" + Errno.describe(ex), ex);
        }
    }

    /** Writes a sealed page at its place ({@code pwrite}). */
    public void write(final long pageId, final byte[] page) {
        write(pageId, page, 0);
    }

    /** Writes the sealed page at {@code page[from, from + pageSize)} at its place ({@code pwrite}). */
    public void write(final long pageId, final byte[] page, final int from) {
        try {
            ops.write(channel, MemorySegment.ofArray(page).asSlice(from, pageSize), (pageId + 1) * pageSize);
        } catch (final IOException ex) {
            throw new KvException("page write failed: file=" + file + ", pageId=" + pageId + ", cause=" + Errno.describe(ex), ex);
        }
    }

    /** {@code fdatasync}: every page written so far, and the file's length, are on stable storage. */
    public void force() {
        try {
            ops.syncData(channel);
        } catch (final IOException ex) {
            throw new KvException("page file sync failed: file=" + file + ", cause=" + Errno.describe(ex), ex);
        }
    }

    /** The doublewrite file, or null when there is none (full-page-image mode, and no file left from the other mode). */
    public DoublewriteFile doublewrite() {
        return doublewrite;
    }

    /** Whether checkpoints go through the doublewrite file ({@link TornPageProtection#DOUBLEWRITE}). */
    public boolean doublewriting() {
        return doublewriting;
    }

    public long storeId() {
        return storeId;
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxKeySize() {
        return maxKeySize;
    }

    public int maxValueSize() {
        return maxValueSize;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (final IOException ex) {
            throw new UncheckedIOException("page file close failed: file=" + file, ex);
        } finally {
            if (doublewrite != null) {
                doublewrite.close();
            }
        }
    }

    static void readFully(final FileChannel channel, final ByteBuffer buffer, final long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            final int read = channel.read(buffer, at);
            if (read < 0) {
                break; // past the end: the rest stays zero (a page never written)
            }
            at += read;
        }
    }

    static String hex(final long value) {
        return "0x" + Long.toHexString(value);
    }
}

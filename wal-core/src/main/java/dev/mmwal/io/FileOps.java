package dev.mmwal.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Every file-system operation the log performs, in one seam. {@link PosixFileOps} is the real
 * one; tests wrap it to inject failures (EIO, ENOSPC) at any call site.
 *
 * <p>Implementations must be thread-safe: the flusher, the segment preparer and the opening
 * thread call them concurrently.
 */
public interface FileOps {
    /** How segment files get their blocks before they are mapped. */
    enum Preallocation {
        /** {@code fallocate(2)}: blocks reserved as unwritten extents; nothing is written. */
        FALLOCATE,
        /** Zeroes written through {@code pwrite}, synced, then dropped from the page cache. */
        ZERO_FILL
    }

    /** How a new segment's mapping is faulted in before appenders use it. */
    enum Prefault {
        /** Not at all: appenders take the first-touch faults. */
        NONE,
        /** {@code MADV_POPULATE_READ}: pages in the cache, mapped read-only; each page's first store takes a minor write fault. */
        READ,
        /**
         * {@code MADV_POPULATE_WRITE}: pages mapped writable and dirty, so stores never fault until a
         * sync cleans them. Only with range syncs (msync): an {@code fdatasync} would write the whole
         * dirty segment.
         */
        WRITE
    }

    /**
     * Creates {@code file} (which must not exist) with {@code size} bytes of real, allocated blocks
     * (never sparse), makes its data and size durable, and leaves none of its pages in the page
     * cache. A full disk is an {@link IOException} here, never a fault later.
     *
     * @param file      the segment file to create.
     * @param size      its length in bytes.
     * @param preferred the preallocation to try first.
     * @return the preallocation actually used ({@code FALLOCATE} falls back to {@code ZERO_FILL}
     * where the file system does not support it).
     * @throws IOException if the file exists, the disk is full, or a write or sync fails.
     */
    Preallocation allocate(Path file, long size, Preallocation preferred) throws IOException;

    /**
     * Makes the existing {@code file} of {@code size} bytes read as zeros again, keeping its blocks
     * allocated, durable, and with none of its pages in the page cache: a spent segment recycled
     * under a new name. Never sparse afterwards, so a full disk stays an error at creation, never
     * a fault on a store.
     *
     * @param file the spent segment file.
     * @param size its length in bytes.
     * @throws IOException if the file cannot be opened, zeroed or synced.
     */
    void reuse(Path file, long size) throws IOException;

    /**
     * Opens an existing file for reading and writing.
     *
     * @param file the file to open.
     * @return a new channel, which the caller closes.
     * @throws IOException if the file cannot be opened.
     */
    FileChannel openReadWrite(Path file) throws IOException;

    /**
     * Opens an existing file for reading.
     *
     * @param file the file to open.
     * @return a new channel, which the caller closes.
     * @throws IOException if the file cannot be opened.
     */
    FileChannel openReadOnly(Path file) throws IOException;

    /**
     * Maps {@code size} bytes of {@code channel} into {@code arena}, advised for random access
     * ({@code MADV_RANDOM}): faults then read no pages around the one touched, so the page cache
     * holds segments in 4 KiB folios. A store through a mapping dirties its whole folio and a sync
     * writes the whole folio back, so with readahead's large folios every commit would write up
     * to megabytes (docs/design.md, "Page-cache folios").
     *
     * @param channel the open file to map, from offset 0.
     * @param mode    read-only or read-write.
     * @param size    bytes to map.
     * @param arena   the arena whose closing unmaps it.
     * @return the mapping.
     * @throws IOException if the mapping fails.
     */
    MemorySegment map(FileChannel channel, FileChannel.MapMode mode, long size, Arena arena) throws IOException;

    /**
     * Starts reading a mapping's pages into the page cache in the background
     * ({@code MADV_WILLNEED}, which reads in 4 KiB folios), before a sequential scan of a mapping
     * that {@link #map} advised for random access. Advice only; the default does nothing.
     *
     * @param mapping the mapping about to be scanned.
     */
    default void prefetch(final MemorySegment mapping) {
    }

    /**
     * Faults the mapping's pages in, so the first store to them does not read the disk. Must never
     * store into the mapping: the preparer calls it on ranges appenders may be writing.
     *
     * @param mapping the mapping, or the part of one, to fault in.
     * @param mode    how to fault it in; {@link Prefault#NONE} does nothing.
     */
    void prefault(MemorySegment mapping, Prefault mode);

    /**
     * {@code pwrite(2)} of all of {@code source} at {@code position} (the staged write path).
     *
     * @param channel  the file to write.
     * @param source   the bytes to write, all of them.
     * @param position the file offset of the first byte.
     * @throws IOException if the operation fails.
     */
    void write(FileChannel channel, MemorySegment source, long position) throws IOException;

    /**
     * {@code fdatasync(2)}: the file's data, and the metadata needed to read it, are durable.
     *
     * @param channel the file to sync.
     * @throws IOException if the sync fails (EIO: the data may be lost).
     */
    void syncData(FileChannel channel) throws IOException;

    /**
     * {@code msync(MS_SYNC)} of a page range of a mapping.
     *
     * @param mapping the mapping.
     * @param offset  the first byte to sync, relative to the mapping; widened down to a page boundary.
     * @param length  bytes to sync; widened up to a page boundary, within the mapping.
     * @throws IOException if the sync fails (EIO: the data may be lost).
     */
    void syncRange(MemorySegment mapping, long offset, long length) throws IOException;

    /**
     * {@code fsync(2)} of a directory: entries created, renamed or deleted in it are durable.
     *
     * @param directory the directory to sync.
     * @throws IOException if it cannot be opened or synced.
     */
    void syncDirectory(Path directory) throws IOException;

    /**
     * Deletes {@code file} if it exists.
     *
     * @param file the file to delete.
     * @throws IOException if it exists and cannot be deleted.
     */
    void delete(Path file) throws IOException;

    /**
     * Atomically replaces {@code target} with {@code source}.
     *
     * @param source the file to rename.
     * @param target the new name; replaced if it exists.
     * @throws IOException if the rename fails or cannot be atomic.
     */
    void rename(Path source, Path target) throws IOException;

    /**
     * The page-cache epoch {@code directory} is in now (see {@link CacheEpoch}); recovery compares
     * it with the one the last writer recorded. {@link CacheEpoch#UNKNOWN} is always safe: it only
     * makes recovery end the log at the first unpublished slot.
     *
     * @param directory the log directory.
     * @return its epoch, or {@link CacheEpoch#UNKNOWN} where a part cannot be read.
     * @throws IOException if the directory's attributes cannot be read.
     */
    CacheEpoch cacheEpoch(Path directory) throws IOException;
}

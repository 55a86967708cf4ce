package dev.mmwal;

/**
 * Where appenders write records, and so what a published record survives.
 */
public enum WritePath {
    /**
     * Default. Straight into the memory-mapped segment file: a published record is in the page
     * cache, so it survives a crash of the process, and another process tailing the directory sees
     * it at once. The flusher syncs the dirty page range ({@code msync}).
     */
    MAPPED,
    /**
     * Into an anonymous off-heap copy of the segment (same offsets, same format); the flusher
     * {@code pwrite}s each batch into the file and {@code fdatasync}s it. Commits avoid the
     * write-protect fault a mapped page takes after every sync, but a published record survives a
     * process crash only once the flusher has written it (within {@code maxUnsyncedNanos}), another
     * process sees records only once written, and each live segment costs its size in memory.
     */
    STAGED
}

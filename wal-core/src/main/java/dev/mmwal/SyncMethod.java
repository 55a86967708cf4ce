package dev.mmwal;

/** How the flusher makes a range of a mapped segment durable. Both also write back the segment's metadata needed to read the data. */
public enum SyncMethod {
    /** {@code fdatasync(2)} of the segment file. */
    FDATASYNC,
    /** {@code msync(MS_SYNC)} of the dirty page range only. */
    MSYNC
}

package dev.mmwal;

/** How far a reader or tailer may read. */
public enum ReadBound {
    /** Every published record: fastest, but a crash could take back records past the durable LSN. */
    PUBLISHED,
    /** Only durable records: a consumer never sees a record that a crash could take back. */
    DURABLE
}

package dev.mmwal.format;

/**
 * The layout of {@code mmwal.counters}, the small mapped file an open {@code Wal} keeps in its log
 * directory so that another process can read its counters without a lock (as AeronStat reads
 * Aeron's). The file is Agrona's counters layout (native byte order), written with the FFM API so
 * the log needs no access to {@code jdk.internal.misc}: a metadata buffer of {@link #METADATA_LENGTH}
 * bytes at offset 0, then a values buffer of {@link #VALUES_LENGTH} bytes; wrap the two in an
 * {@code org.agrona.concurrent.status.CountersReader}. Each counter's type id is one of the
 * {@code TYPE_} constants below; its label is its name.
 *
 * <p>The writing log recreates the file at each open (a new inode, so a reader still mapping the
 * old one is never cut off) and stale-marks it at close: {@link #TYPE_OPEN} goes to 0. A log that
 * died without closing leaves {@link #TYPE_OPEN} at 1; {@link #TYPE_PID} names the process to check.
 */
public final class CountersDescriptor {
    /** The file's name in the log directory. */
    public static final String FILE_NAME = "mmwal.counters";
    /** Room for this many counters. */
    public static final int MAX_COUNTERS = 16;
    /** Agrona's bytes of metadata per counter. */
    public static final int METADATA_RECORD_LENGTH = 512;
    /** Agrona's bytes of value per counter (a long padded against false sharing). */
    public static final int VALUE_RECORD_LENGTH = 128;
    /** Offset of the metadata buffer. */
    public static final int METADATA_OFFSET = 0;
    /** Length of the metadata buffer. */
    public static final int METADATA_LENGTH = MAX_COUNTERS * METADATA_RECORD_LENGTH;
    /** Offset of the values buffer. */
    public static final int VALUES_OFFSET = METADATA_OFFSET + METADATA_LENGTH;
    /** Length of the values buffer. */
    public static final int VALUES_LENGTH = MAX_COUNTERS * VALUE_RECORD_LENGTH;
    /** The file's length. */
    public static final int FILE_LENGTH = VALUES_OFFSET + VALUES_LENGTH;

    /** Metadata record: its state, an int ({@link #RECORD_ALLOCATED} once the counter is usable; written last). */
    public static final int STATE_OFFSET = 0;
    /** Metadata record: the counter's type id, an int. */
    public static final int TYPE_ID_OFFSET = 4;
    /** Metadata record: Agrona's free-for-reuse deadline, a long ({@link #NOT_FREE_TO_REUSE}). */
    public static final int FREE_FOR_REUSE_DEADLINE_OFFSET = 8;
    /** Metadata record: the label's length in bytes, an int; the ASCII label follows. */
    public static final int LABEL_LENGTH_OFFSET = 128;
    /** Metadata record: the label's ASCII bytes. */
    public static final int LABEL_OFFSET = LABEL_LENGTH_OFFSET + 4;
    /** The state of an allocated counter record. */
    public static final int RECORD_ALLOCATED = 1;
    /** Agrona's deadline meaning "never reuse this record". */
    public static final long NOT_FREE_TO_REUSE = Long.MAX_VALUE;

    /** The writing process's pid. */
    public static final int TYPE_PID = 1;
    /** 1 while the log is open, 0 once closed (stale). */
    public static final int TYPE_OPEN = 2;
    /** Records made durable (counted per sync). */
    public static final int TYPE_RECORDS = 3;
    /** Syncs run by the flusher. */
    public static final int TYPE_SYNCS = 4;
    /** Bytes made durable. */
    public static final int TYPE_BYTES_SYNCED = 5;
    /** Awaited commits satisfied by syncs. */
    public static final int TYPE_COMMITS = 6;
    /** The durable LSN: every byte below it is synced. */
    public static final int TYPE_DURABLE_LSN = 7;
    /** The tail LSN: where the next record will be reserved. */
    public static final int TYPE_TAIL_LSN = 8;
    /** Back-pressure events: segments appenders found not ready. */
    public static final int TYPE_BACK_PRESSURE = 9;
    /** 1 once the log has failed (fail-stop), else 0. */
    public static final int TYPE_FAILED = 10;

    private CountersDescriptor() {
    }
}

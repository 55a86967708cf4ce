package dev.mmwal.stress.crash;

/**
 * Where a child may be frozen for the parent to SIGKILL it. The first group sits on the
 * file-operations seam (wal-core unchanged); the second is reached by a child thread that appends
 * through the real claim path ({@code tryClaim}, payload, {@code commit}: the one record writer,
 * stopped inside its commit through the writer's probe) and stops part-way, so
 * the on-disk state is what a kill inside {@code Wal.append} at that step leaves.
 */
public enum KillPoint {
    /** No named point: killed at a random time. */
    RANDOM(Where.NONE),
    /** Flusher, before its fdatasync/msync of the batch. */
    BEFORE_SYNC(Where.FILE_OPS),
    /** Flusher, after the sync returned, before the durable LSN is published. */
    AFTER_SYNC(Where.FILE_OPS),
    /** Flusher, before syncing a segment header it just marked sealed. */
    DURING_SEAL(Where.FILE_OPS),
    /** Preparer, new segment file allocated, header not yet written (segment roll). */
    ROLL_AFTER_ALLOCATE(Where.FILE_OPS),
    /** Preparer, header written and synced, file not yet renamed to its segment name (segment roll). */
    ROLL_BEFORE_RENAME(Where.FILE_OPS),
    /** Preparer, segment renamed, directory entry not yet synced (segment roll). */
    ROLL_BEFORE_DIRECTORY_SYNC(Where.FILE_OPS),
    /** Opening thread, recovery about to sync the zeroed tail. */
    RECOVERY_ZEROING(Where.FILE_OPS),
    /** Opening thread, recovery about to sync the recovered prefix. */
    RECOVERY_SYNC(Where.FILE_OPS),
    /** Space reserved, nothing written. */
    AFTER_RESERVE(Where.APPEND),
    /** Header and half the payload written. */
    MID_PAYLOAD(Where.APPEND),
    /** Header and payload written, no CRC. */
    BEFORE_CRC(Where.APPEND),
    /** CRC written, frame length (the commit word) not yet. */
    AFTER_CRC(Where.APPEND);

    /** Which mechanism reaches the point. */
    public enum Where { NONE, FILE_OPS, APPEND }

    private final Where where;

    KillPoint(final Where where) {
        this.where = where;
    }

    public Where where() {
        return where;
    }
}

package dev.mmwal.inspect;

/** What a {@link LogWalker} reports, in log order, on the walking thread. */
public interface WalkListener {
    /**
     * A valid record, padding included.
     *
     * @param record a view valid until the next callback (the walker reuses it).
     * @return false to stop the walk.
     */
    boolean onRecord(RecordView record);

    /**
     * Damage in a segment file, its header, its records, or the log's extent.
     *
     * @param damage what is wrong and where.
     */
    void onDamage(Damage damage);
}

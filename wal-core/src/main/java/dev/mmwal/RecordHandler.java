package dev.mmwal;

/** Receives records from a {@link WalTailer}; the view is valid only during the call. */
@FunctionalInterface
public interface RecordHandler {
    /**
     * Called once per record, in LSN order, on the polling thread.
     *
     * @param record a view of the record, reused for the next one.
     */
    void onRecord(LogRecord record);
}

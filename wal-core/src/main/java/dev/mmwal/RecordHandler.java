package dev.mmwal;

/** Receives records from a {@link WalTailer}; the view is valid only during the call. */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(LogRecord record);
}

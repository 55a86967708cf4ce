package dev.mmwal.cli.demo;

import dev.mmwal.format.RecordType;

/**
 * The record types the log demo's simulated transactions write. They are the demo's own, in the
 * application range of {@link RecordType}: real transactions, with recovery, are wal-txn's.
 */
public final class DemoRecordType {
    public static final byte BEGIN = (byte)RecordType.APPLICATION_FIRST;
    public static final byte UPDATE = (byte)(RecordType.APPLICATION_FIRST + 1);
    public static final byte COMMIT = (byte)(RecordType.APPLICATION_FIRST + 2);

    private DemoRecordType() {
    }
}

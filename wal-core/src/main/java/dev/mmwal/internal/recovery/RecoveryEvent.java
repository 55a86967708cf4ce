package dev.mmwal.internal.recovery;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One recovery of a log at open, as a JFR event: how much it scanned and what it repaired. */
@Name("dev.mmwal.Recovery")
@Label("WAL Recovery")
@Category({"mmwal"})
@Description("Recovery of the write-ahead log when it was opened")
@StackTrace(false)
public final class RecoveryEvent extends jdk.jfr.Event {
    @Label("Directory")
    public String directory;
    @Label("Mode")
    public String mode;
    @Label("Segments")
    public long segments;
    @Label("Scan Start LSN")
    public long scanStartLsn;
    @Label("End LSN")
    public long endLsn;
    @Label("Bytes Scanned")
    @DataAmount
    public long bytesScanned;
    @Label("Records")
    public long records;
    @Label("Truncated Ranges")
    public int truncated;
    @Label("Skipped Ranges")
    public int skipped;
    @Label("Bridged Ranges")
    public int bridged;
}

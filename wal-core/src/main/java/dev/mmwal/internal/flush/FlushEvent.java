package dev.mmwal.internal.flush;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One flusher sync, as a JFR event (committed only when a recording enables it). */
@Name("dev.mmwal.Flush")
@Label("WAL Flush")
@Category({"mmwal"})
@Description("One group-commit sync of the write-ahead log")
@StackTrace(false)
public final class FlushEvent extends jdk.jfr.Event {
    @Label("From LSN")
    public long fromLsn;
    @Label("To LSN")
    public long toLsn;
    @Label("Records")
    public long records;
    @Label("Commits")
    public long commits;
    @Label("Bytes")
    @DataAmount
    public long bytes;
    @Label("Target Batch N*")
    public double targetBatch;
    @Label("Policy")
    public String policy;
}

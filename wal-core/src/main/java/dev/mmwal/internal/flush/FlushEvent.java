package dev.mmwal.internal.flush;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One flusher sync, as a JFR event (committed only when a recording enables it), with the batch's
 * commit latency split by stage: how long its oldest commit had been waiting when the sync began,
 * the staged path's copy into the file ({@code pwrite}), the sync itself, and the wake-up of the
 * committers it satisfied. The stages are timed only while a recording wants the event.
 */
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
    @Label("Queue Wait")
    @Description("How long the batch's oldest commit had been pending (since the flusher saw it) when the sync began; 0 when no commit waited")
    @Timespan
    public long queueWait;
    @Label("Copy")
    @Description("The staged write path's pwrite of the batch into the file; 0 on the mapped path")
    @Timespan
    public long copy;
    @Label("Sync")
    @Description("msync or fdatasync of the batch")
    @Timespan
    public long sync;
    @Label("Wake-up")
    @Description("Publishing the durable LSN and waking the committers and futures the sync satisfied")
    @Timespan
    public long wakeUp;
}

package dev.mmwal.internal.log;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** Appenders moved on to a new segment, as a JFR event (emitted by the preparer, off the hot path). */
@Name("dev.mmwal.SegmentRoll")
@Label("WAL Segment Roll")
@Category({"mmwal"})
@Description("Appenders of the write-ahead log moved on to the next segment file")
@StackTrace(false)
public final class SegmentRollEvent extends jdk.jfr.Event {
    @Label("Base LSN")
    public long baseLsn;
    @Label("Segment Size")
    @DataAmount
    public long segmentSize;
    @Label("Segments Prepared Ahead")
    public long preparedAhead;
}

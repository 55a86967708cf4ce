package dev.mmwal.internal.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Appenders found the next segment not prepared and waited, as a JFR event: emitted once per
 * segment by the preparer (the appenders only leave a mark), so it carries no duration.
 */
@Name("dev.mmwal.BackPressure")
@Label("WAL Back-Pressure")
@Category({"mmwal"})
@Description("Appenders of the write-ahead log waited for a segment that was not prepared yet")
@StackTrace(false)
public final class BackPressureEvent extends jdk.jfr.Event {
    @Label("Segment Base LSN")
    public long baseLsn;
    @Label("Segment Could Not Be Created")
    public boolean noSegment;
}

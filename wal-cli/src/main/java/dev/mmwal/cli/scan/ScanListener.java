package dev.mmwal.cli.scan;

/** What a {@link LogScanner} reports, in log order. */
public interface ScanListener {
    /**
     * A valid record, padding included. The view is valid until the next callback.
     *
     * @return false to stop the scan.
     */
    boolean onRecord(RecordView record);

    /** A problem in a segment file, its header, or its records. */
    void onProblem(Problem problem);
}

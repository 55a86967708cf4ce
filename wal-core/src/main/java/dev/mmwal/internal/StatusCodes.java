package dev.mmwal.internal;

/** Negative results of the append hot path; any value >= 0 is an LSN. */
public final class StatusCodes {
    /** The log is closed. */
    public static final long CLOSED = -1;
    /** The next segment is not prepared yet; retry shortly. */
    public static final long BACK_PRESSURED = -2;
    /** The log failed (fail-stop); nothing more can be appended or acknowledged. */
    public static final long FAILED = -3;
    /**
     * The next segment could not be created (a full disk, an I/O error): not a moment's wait. The
     * cause is recorded; the preparer retries now and then, so this clears once space is freed.
     */
    public static final long NO_SEGMENT = -4;

    private StatusCodes() {
    }
}

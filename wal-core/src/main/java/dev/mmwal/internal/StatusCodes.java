package dev.mmwal.internal;

/** Negative results of the append hot path; any value >= 0 is an LSN. */
public final class StatusCodes {
    /** The log is closed. */
    public static final long CLOSED = -1;
    /** The next segment is not prepared yet; retry shortly. */
    public static final long BACK_PRESSURED = -2;
    /** The log failed (fail-stop); nothing more can be appended or acknowledged. */
    public static final long FAILED = -3;

    private StatusCodes() {
    }
}

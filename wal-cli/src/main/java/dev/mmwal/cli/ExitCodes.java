package dev.mmwal.cli;

/**
 * Exit codes of every {@code mmwal} subcommand, in one place so scripts can rely on them.
 * The codes from 64 on follow BSD {@code sysexits.h}.
 */
public final class ExitCodes {
    /** Done; for verify and dump: the log is clean. */
    public static final int OK = 0;
    /** Only warnings: a torn tail after the last durable point, which the writer's default recovery truncates. */
    public static final int WARNINGS = 1;
    /** Damage inside the durable part of the log, a bad segment header, a missing segment; or a demo commit lost. */
    public static final int DAMAGED = 2;
    /** Wrong options or arguments. */
    public static final int USAGE = 64;
    /** The directory does not exist or is not a log. */
    public static final int NO_INPUT = 66;
    /** The output cannot be created: {@code mmwal salvage}'s destination exists and is not empty. */
    public static final int CANT_CREATE = 73;
    /** An unexpected failure inside mmwal. */
    public static final int SOFTWARE = 70;
    /** An I/O error. */
    public static final int IO_ERROR = 74;
    /** The log is locked by a writer (commands that need to write it). */
    public static final int LOCKED = 75;

    private ExitCodes() {
    }
}

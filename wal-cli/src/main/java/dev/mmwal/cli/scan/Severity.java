package dev.mmwal.cli.scan;

/** How bad a problem found in a log is. */
public enum Severity {
    /** Damage inside the durable part of the log, or in its structure: acknowledged data may be lost. */
    ERROR,
    /** A torn tail after the last durable point: what a crash leaves and the writer's recovery truncates. */
    WARNING
}

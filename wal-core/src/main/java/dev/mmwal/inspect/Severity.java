package dev.mmwal.inspect;

/** How bad a piece of damage found in a log is. */
public enum Severity {
    /**
     * Damage inside the durable part of the log (below the durable point the segment headers
     * record) or in its structure (headers, missing or misplaced segments): acknowledged data may
     * be lost, and the writer's default recovery refuses the log.
     */
    ERROR,
    /**
     * Damage after the last durable point the headers record: a torn tail, what a crash leaves
     * and what the writer's default recovery truncates. Also leftovers the writer removes itself.
     */
    WARNING
}

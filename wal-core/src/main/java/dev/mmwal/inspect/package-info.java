/**
 * Tools' view of a log on disk: opens a log directory read-only, without the writer's lock and
 * tolerant of damage, and exposes its segments, its records, the record validation that readers
 * and recovery apply, and a map of the damage found. {@code mmwal dump}, {@code verify} and
 * {@code stats} are built on it; it never writes a byte.
 *
 * <p>Layering: this package reads the format ({@code dev.mmwal.format}) and delegates record
 * validation to the one validator readers and recovery use; nothing in the library imports it.
 * Every type here is single-threaded (one thread inspects one log) unless its javadoc says
 * otherwise.
 */
package dev.mmwal.inspect;

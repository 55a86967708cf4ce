/** Walks the segments and records of a log on disk, damaged or not, without modifying a byte. */
package dev.mmwal.cli.scan;

/** The file-operations seam: the real POSIX implementation and the interface tests wrap to inject I/O faults. */
package dev.mmwal.io;

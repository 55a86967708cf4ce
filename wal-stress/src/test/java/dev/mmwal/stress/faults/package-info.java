/** I/O faults through the file-operations seam: EIO/ENOSPC once and forever, swept across call sites. */
package dev.mmwal.stress.faults;

/** Tests of the code's own structure: layers, imports, the one record writer. */
package dev.mmwal.arch;

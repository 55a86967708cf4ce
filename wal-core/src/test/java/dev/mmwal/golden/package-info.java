/** Golden logs of every released format version, and the writer that made them. */
package dev.mmwal.golden;

/**
 * Layer 5 (docs/design.md, "Layers"): segment files mapped into memory, the table of them, the
 * files of a log directory and its writer lock. Imports only io, format and the API's value types.
 */
package dev.mmwal.internal.segment;

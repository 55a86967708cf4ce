/**
 * Layer 7 (docs/design.md, "Layers"): tail recovery when a log is opened for writing. Imports
 * only internal.log and below.
 */
package dev.mmwal.internal.recovery;

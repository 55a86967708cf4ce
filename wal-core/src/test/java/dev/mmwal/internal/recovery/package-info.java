/** Tests of tail recovery's pure decisions. */
package dev.mmwal.internal.recovery;

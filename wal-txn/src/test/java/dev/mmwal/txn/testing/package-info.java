/** Test fixtures for the transaction layer: an in-memory page store with a "disk" copy. */
package dev.mmwal.txn.testing;

/** mmwal transactions: begin/update/commit/abort over the log, with ARIES recovery and fuzzy checkpoints. */
module dev.mmwal.txn {
    requires transitive dev.mmwal.core;

    exports dev.mmwal.txn;
    exports dev.mmwal.txn.format;
}

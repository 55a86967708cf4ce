/**
 * Transactions over an mmwal log with ARIES recovery: {@link dev.mmwal.txn.TxnLog} (begin, update,
 * commit, abort, checkpoint, recover), the page-store SPI {@link dev.mmwal.txn.RecoveryHandler}
 * a storage engine implements, and the record view {@link dev.mmwal.txn.TxnRecord}.
 */
package dev.mmwal.txn;

/**
 * The machinery behind {@link dev.mmwal.txn.TxnLog}: the transaction table, the record appender,
 * the three recovery passes, checkpoints and the control file. Not exported.
 *
 * <p>Memory-order vocabulary: a method suffixed {@code Acquire} reads with acquire semantics,
 * {@code Release} writes with release semantics; plain accessors carry no suffix and are guarded
 * by the lock their class names. A transaction's fields are guarded by its own spin lock
 * ({@link dev.mmwal.txn.internal.TxnState#lock()}), acquired with a CAS and released with a
 * release store.
 */
package dev.mmwal.txn.internal;

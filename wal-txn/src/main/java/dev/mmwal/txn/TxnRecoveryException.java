package dev.mmwal.txn;

import dev.mmwal.WalException;

/** Recovery or rollback found the log inconsistent with what the transaction layer wrote. */
public class TxnRecoveryException extends WalException {
    private static final long serialVersionUID = 1L;

    public TxnRecoveryException(final String message) {
        super(message);
    }

    public TxnRecoveryException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

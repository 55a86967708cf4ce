package dev.mmwal.consumer;

/** The store was closed before or during the call. */
public class ConsumerStoreClosedException extends ConsumerStoreException {
    private static final long serialVersionUID = 1L;

    public ConsumerStoreClosedException(final String message) {
        super(message);
    }
}

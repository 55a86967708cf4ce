package dev.mmwal.consumer.internal;

import dev.mmwal.consumer.ConsumerStoreException;

import java.nio.charset.StandardCharsets;

/**
 * What a store's META record says: the service name and the interpreter id. A log whose META
 * names another service or interpreter belongs to another store and is refused.
 *
 * @param serviceName   the store's service name (the META record's client field).
 * @param interpreterId the interpreter's {@code id()} (the META record's data).
 */
public record StoreIdentity(String serviceName, String interpreterId) {
    public byte[] serviceNameBytes() {
        return serviceName.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] interpreterIdBytes() {
        return interpreterId.getBytes(StandardCharsets.UTF_8);
    }

    /** Throws unless the META record at {@code view} names this store. */
    public void check(final RecordView view, final String where) {
        final String foundService = view.clientId();
        final String foundInterpreter = new String(view.data(), StandardCharsets.UTF_8);
        if (!serviceName.equals(foundService) || !interpreterId.equals(foundInterpreter)) {
            throw new ConsumerStoreException("log belongs to another consumer store: dir=" + where + ", lsn=" + view.lsn()
                + ", expectedService=" + serviceName + ", foundService=" + foundService
                + ", expectedInterpreter=" + interpreterId + ", foundInterpreter=" + foundInterpreter);
        }
    }
}

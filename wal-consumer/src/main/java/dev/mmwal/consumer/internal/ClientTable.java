package dev.mmwal.consumer.internal;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients of one store, by id. Lookups are lock-free ({@link ConcurrentHashMap}); a client
 * removed by a checkpoint is first {@link ClientState#retire() retired} under its own lock, so a
 * caller that locked a retired client looks it up again instead of writing for an orphan.
 *
 * @param <S> the state type.
 */
public final class ClientTable<S> {
    private final ConcurrentHashMap<String, ClientState<S>> clients = new ConcurrentHashMap<>();

    /** The client, or {@code null} when the store holds nothing for it. */
    public ClientState<S> get(final String clientId) {
        return clients.get(clientId);
    }

    /** The client, created empty when absent. */
    public ClientState<S> getOrCreate(final String clientId) {
        final ClientState<S> existing = clients.get(clientId);
        return existing != null ? existing : clients.computeIfAbsent(clientId, ClientState::new);
    }

    /** Removes a client its caller retired while holding its lock. */
    public void remove(final ClientState<S> client) {
        clients.remove(client.clientId(), client);
    }

    /** A weakly consistent view: clients added during iteration may or may not appear. */
    public Collection<ClientState<S>> all() {
        return clients.values();
    }

    public int size() {
        return clients.size();
    }
}

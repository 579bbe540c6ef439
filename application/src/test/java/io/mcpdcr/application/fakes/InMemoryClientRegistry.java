package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A registry in a map: for tests, and for hosts that embed the use cases without a database. */
public final class InMemoryClientRegistry implements ClientRegistry {
    private final Map<ClientId, ClientRegistration> clients = new ConcurrentHashMap<>();
    private final Map<ClientId, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Set<ClientId> disabled = ConcurrentHashMap.newKeySet();

    @Override
    public void add(ClientRegistration client) {
        if (clients.putIfAbsent(client.id(), client) != null) {
            throw new IllegalStateException("duplicate client_id");
        }
    }

    @Override
    public Optional<ClientRegistration> find(ClientId id) {
        return Optional.ofNullable(clients.get(id)).filter(client -> !disabled.contains(id));
    }

    @Override
    public void recordUse(ClientId id, Instant at) {
        lastUsed.put(id, at);
    }

    public Optional<Instant> lastUsed(ClientId id) {
        return Optional.ofNullable(lastUsed.get(id));
    }

    /** Every stored client, disabled ones included. */
    public List<ClientRegistration> all() {
        return List.copyOf(clients.values());
    }

    /** Forgets the client; answers whether it was there. */
    public boolean remove(ClientId id) {
        lastUsed.remove(id);
        disabled.remove(id);
        return clients.remove(id) != null;
    }

    /** Shows a disabled client to {@link #find} again; answers whether it is known. */
    public boolean enable(ClientId id) {
        disabled.remove(id);
        return clients.containsKey(id);
    }

    public boolean isDisabled(ClientId id) {
        return disabled.contains(id);
    }

    /** Keeps the client but hides it from {@link #find}; answers whether it is known. */
    public boolean disable(ClientId id) {
        if (!clients.containsKey(id)) {
            return false;
        }
        disabled.add(id);
        return true;
    }
}

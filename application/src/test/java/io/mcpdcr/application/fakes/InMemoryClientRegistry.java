package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A registry in a map: for tests, and for hosts that embed the use cases without a database. */
public final class InMemoryClientRegistry implements ClientRegistry {
    private final Map<ClientId, ClientRegistration> clients = new ConcurrentHashMap<>();

    @Override
    public void add(ClientRegistration client) {
        if (clients.putIfAbsent(client.id(), client) != null) {
            throw new IllegalStateException("duplicate client_id");
        }
    }

    @Override
    public Optional<ClientRegistration> find(ClientId id) {
        return Optional.ofNullable(clients.get(id));
    }

    public List<ClientRegistration> all() {
        return List.copyOf(clients.values());
    }
}

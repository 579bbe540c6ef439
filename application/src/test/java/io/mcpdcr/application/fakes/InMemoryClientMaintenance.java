package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.ClientMaintenance;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Client maintenance over the in-memory registry and stores, with the database adapter's rules: disabled clients
 * are pruned like the others, only an unrotated, unexpired refresh token keeps an unused client, and deleting takes
 * the client's codes, tokens and consents with it.
 */
public final class InMemoryClientMaintenance implements ClientMaintenance {
    private final InMemoryClientRegistry clients;
    private final InMemoryOAuthStores stores;

    public InMemoryClientMaintenance(InMemoryClientRegistry clients, InMemoryOAuthStores stores) {
        this.clients = clients;
        this.stores = stores;
    }

    /** Oldest first. */
    @Override
    public List<ClientId> neverUsed(Instant registeredBefore) {
        return clients.all().stream()
                .filter(client -> client.issuedAt().isBefore(registeredBefore))
                .filter(client -> clients.lastUsed(client.id()).isEmpty())
                .sorted(Comparator.comparing(ClientRegistration::issuedAt).thenComparing(c -> c.id().value()))
                .map(ClientRegistration::id)
                .toList();
    }

    /** Least recently used first. */
    @Override
    public List<ClientId> unusedSince(Instant lastUsedBefore, Instant now) {
        return clients.all().stream()
                .map(ClientRegistration::id)
                .filter(id -> clients.lastUsed(id).filter(used -> used.isBefore(lastUsedBefore)).isPresent())
                .filter(id -> !stores.hasLiveRefreshToken(id, now))
                .sorted(Comparator.comparing((ClientId id) -> clients.lastUsed(id).orElseThrow())
                        .thenComparing(ClientId::value))
                .toList();
    }

    @Override
    public int delete(Collection<ClientId> ids) {
        int deleted = 0;
        for (ClientId id : new LinkedHashSet<>(ids)) {
            if (clients.remove(id)) {
                stores.forgetClient(id, true);
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public boolean disable(ClientId id) {
        if (!clients.disable(id)) {
            return false;
        }
        stores.forgetClient(id, false);
        return true;
    }

    @Override
    public boolean enable(ClientId id) {
        return clients.enable(id);
    }

    @Override
    public boolean revokeTokens(ClientId id) {
        if (clients.all().stream().noneMatch(client -> client.id().equals(id))) {
            return false;
        }
        stores.forgetClient(id, false);
        return true;
    }
}

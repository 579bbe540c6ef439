package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.AllowedApplications;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.domain.account.AllowedApplication;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The allowed applications of {@link InMemoryOAuthStores}' consents and tokens, named by a client registry. */
public final class InMemoryAllowedApplications implements AllowedApplications {
    private final InMemoryOAuthStores stores;
    private final ClientRegistry clients;

    public InMemoryAllowedApplications(InMemoryOAuthStores stores, ClientRegistry clients) {
        this.stores = stores;
        this.clients = clients;
    }

    @Override
    public List<AllowedApplication> allowedBy(String username, Instant now) {
        return AllowedApplication.of(stores.heldBy(username, now).stream()
                .flatMap(held -> clients.find(held.clientId()).stream().map(client -> new AllowedApplication.Grant(
                        held.clientId(), client.metadata().clientName(), client.metadata().redirectUris(),
                        held.scopes(), held.since(), Optional.of(held.since()).filter(since -> held.token()))))
                .toList());
    }

    @Override
    public boolean revoke(String username, ClientId clientId) {
        return stores.forget(username, clientId);
    }
}

package io.mcpdcr.application.port;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Optional;

/** Consents a user chose to remember, per client and resource. */
public interface ConsentStore {
    Optional<ScopeSet> granted(String username, ClientId clientId, Optional<String> resource);

    void remember(String username, ClientId clientId, Optional<String> resource, ScopeSet scopes);
}

package io.mcpdcr.application.port;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Optional;

/** Consents a user chose to remember, per client and resource, each for the redirect URI it was given for. */
public interface ConsentStore {
    Optional<Remembered> granted(String username, ClientId clientId, Optional<String> resource);

    /** Stores the decision, replacing the one remembered before for this client and resource. */
    void remember(String username, ClientId clientId, Optional<String> resource, ScopeSet scopes, String redirectUri);

    /** @param redirectUri the redirect URI the user approved */
    record Remembered(ScopeSet scopes, String redirectUri) {}
}

package io.mcpdcr.domain.authorization;

import io.mcpdcr.domain.registration.ClientId;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked authorization request (RFC 6749 §4.1.1 with RFC 7636 and RFC 8707): every field obeys the rules.
 *
 * @param redirectUri the exact URI requested, or the single registered one when the request named none
 * @param redirectUriGiven whether the request named it; if so the token request must repeat it (RFC 6749 §4.1.3)
 */
public record AuthorizationRequest(
        ClientId clientId,
        String redirectUri,
        boolean redirectUriGiven,
        String codeChallenge,
        ScopeSet scopes,
        Optional<String> resource,
        Optional<String> state) {
    public AuthorizationRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(state, "state");
    }
}

package io.mcpdcr.domain.token;

import io.mcpdcr.domain.authorization.ScopeSet;
import java.util.Objects;
import java.util.Optional;

/** A well-formed RFC 6749 §6 token request: rotate {@code refreshToken}, optionally narrowing scope and resource. */
public record RefreshGrant(ClientAuthentication client, String refreshToken, Optional<ScopeSet> scope,
        Optional<String> resource) implements TokenRequestCheck {
    public RefreshGrant {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(resource, "resource");
    }

    /** Never the refresh token. */
    @Override
    public String toString() {
        return "RefreshGrant[client=" + client + ", scope=" + scope + ", resource=" + resource + "]";
    }
}

package io.mcpdcr.domain.token;

import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.util.Objects;
import java.util.Optional;

/** What a token stands for: a user's consent to a client, limited to scopes and an audience (RFC 8707). */
public record TokenGrant(ClientId clientId, String username, ScopeSet scopes, Optional<String> resource) {
    public TokenGrant {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(resource, "resource");
    }

    /** What the tokens redeemed for the code stand for: its client, user, scopes and resource. */
    public static TokenGrant of(AuthorizationCode code) {
        return new TokenGrant(code.request().clientId(), code.username(), code.request().scopes(),
                code.request().resource());
    }

    /**
     * The grant narrowed to what a refresh request asks for: scopes and resource may only narrow. Answers the
     * error when the request would widen them.
     */
    public Narrowing narrow(Optional<ScopeSet> requestedScopes, Optional<String> requestedResource) {
        ScopeSet scopes = requestedScopes.filter(s -> !s.isEmpty()).orElse(this.scopes);
        if (!this.scopes.containsAll(scopes)) {
            return new Narrowing.Refused(TokenError.invalidScope("scope may only narrow the scopes originally granted"));
        }
        if (requestedResource.isPresent() && resource.isPresent() && !resource.equals(requestedResource)) {
            return new Narrowing.Refused(TokenError.invalidTarget("resource must be the one originally granted"));
        }
        Optional<String> audience = requestedResource.isPresent() ? requestedResource : resource;
        return new Narrowing.Narrowed(new TokenGrant(clientId, username, scopes, audience));
    }

    /** The outcome of {@link #narrow}. */
    public sealed interface Narrowing {
        record Narrowed(TokenGrant grant) implements Narrowing {}

        record Refused(TokenError error) implements Narrowing {}
    }
}

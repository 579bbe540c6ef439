package io.mcpdcr.domain.token;

import java.util.Objects;
import java.util.Optional;

/**
 * Token audience binding (RFC 8707; MCP authorization, "Token Audience Binding"): every access token names at most
 * one audience, and only the consumer that is exactly that audience may treat it as valid. Every consumer of tokens
 * (introspection, a gateway) asks {@link #accepts} so that a token cannot be replayed against another server.
 */
public final class AudiencePolicy {
    private final Optional<String> defaultResource;

    /** @param defaultResource the audience of tokens whose request names no resource ({@code DCR_DEFAULT_RESOURCE}) */
    public AudiencePolicy(Optional<String> defaultResource) {
        this.defaultResource = Objects.requireNonNull(defaultResource, "defaultResource");
    }

    /** Tokens requested without a resource stay without an audience. */
    public static AudiencePolicy withoutDefault() {
        return new AudiencePolicy(Optional.empty());
    }

    /** The audience of an access token issued for {@code grant}: its resource, or the default when it names none. */
    public TokenGrant bind(TokenGrant grant) {
        return grant.resource().isPresent() || defaultResource.isEmpty()
                ? grant
                : new TokenGrant(grant.clientId(), grant.username(), grant.scopes(), defaultResource);
    }

    /**
     * Whether a consumer whose resource indicator is {@code consumerResource} may accept {@code token}: only when the
     * two are equal, character for character. A consumer without a resource accepts only tokens without an audience,
     * and a token without an audience is accepted by no consumer that has one.
     */
    public static boolean accepts(Optional<String> consumerResource, AccessToken token) {
        return consumerResource.equals(token.grant().resource());
    }
}

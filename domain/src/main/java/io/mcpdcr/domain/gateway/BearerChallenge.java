package io.mcpdcr.domain.gateway;

import io.mcpdcr.domain.authorization.ScopeSet;

/**
 * The {@code WWW-Authenticate} value of a refused gateway call (RFC 6750 §3, RFC 9728 §5.1). Every value written is
 * a URL or scope tokens, which hold no quote or backslash, so quoting them is safe.
 */
public final class BearerChallenge {
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

    private BearerChallenge() {}

    /** 401 without a token: where to learn how to get one, and the scopes to ask for. */
    public static String noToken(ProtectedResource resource) {
        return "Bearer resource_metadata=\"" + resource.metadataUrl() + "\"" + scope(resource.requiredScopes());
    }

    /** 401 for a token that was sent but may not be used here. */
    public static String invalidToken(ProtectedResource resource) {
        return noToken(resource) + ", error=\"" + INVALID_TOKEN + "\"";
    }

    /** 403 for a good token lacking scopes: the scopes needed. */
    public static String insufficientScope(ProtectedResource resource) {
        return "Bearer error=\"" + INSUFFICIENT_SCOPE + "\"" + scope(resource.requiredScopes())
                + ", resource_metadata=\"" + resource.metadataUrl() + "\"";
    }

    private static String scope(ScopeSet scopes) {
        return scopes.isEmpty() ? "" : ", scope=\"" + scopes + "\"";
    }
}

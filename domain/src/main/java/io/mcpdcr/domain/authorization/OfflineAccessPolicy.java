package io.mcpdcr.domain.authorization;

import io.mcpdcr.domain.registration.ClientMetadata;

/**
 * The {@code offline_access} scope (OpenID Connect Core §11, MCP SEP-2207): a client's wish for a refresh token. It is
 * always offered, whatever {@code DCR_SCOPES} says, because clients such as ChatGPT look for it in
 * {@code scopes_supported}. It is granted to a client registered for the {@code refresh_token} grant and silently
 * dropped for any other, since asking for it is no reason to refuse the rest. Refresh tokens do not depend on it:
 * a client registered for {@code refresh_token} gets them whether or not it asks, because Claude never asks.
 */
public final class OfflineAccessPolicy {
    public static final String SCOPE = "offline_access";

    private OfflineAccessPolicy() {}

    /** The scopes a client may ask for: the configured ones and offline_access. */
    public static ScopeSet requestable(ScopeSet configured) {
        return configured.with(SCOPE);
    }

    /** The requested scopes as granted to {@code client}: without offline_access unless it may refresh. */
    public static ScopeSet granted(ScopeSet requested, ClientMetadata client) {
        return client.allowsRefreshTokens() ? requested : requested.without(SCOPE);
    }
}

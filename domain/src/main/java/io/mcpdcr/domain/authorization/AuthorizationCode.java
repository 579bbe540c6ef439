package io.mcpdcr.domain.authorization;

import java.time.Instant;
import java.util.Objects;

/**
 * An issued authorization code (stored by hash), bound to the client, the exact redirect URI, the PKCE challenge, the
 * user, the scopes and the resource. Single use: the store marks it redeemed atomically.
 * The token endpoint's rules for redeeming it are in {@code domain.token.CodeRedemptionPolicy}.
 */
public record AuthorizationCode(
        String hash, AuthorizationRequest request, String username, Instant issuedAt, Instant expiresAt) {
    public AuthorizationCode {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(username, "username");
    }
}

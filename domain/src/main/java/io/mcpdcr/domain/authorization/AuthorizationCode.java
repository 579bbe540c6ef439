package io.mcpdcr.domain.authorization;

import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.token.TokenError;
import io.mcpdcr.domain.token.TokenGrant;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An issued authorization code (stored by hash), bound to the client, the exact redirect URI, the PKCE challenge, the
 * user, the scopes and the resource. Single use: the store marks it redeemed atomically.
 */
public record AuthorizationCode(
        String hash, AuthorizationRequest request, String username, Instant issuedAt, Instant expiresAt) {
    public AuthorizationCode {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(username, "username");
    }

    /** RFC 6749 §4.1.3 and RFC 7636 §4.6: why this token request may not redeem the code, if it may not. */
    public Optional<TokenError> refusal(ClientId clientId, Optional<String> redirectUri, String verifier, Instant now) {
        if (!request.clientId().equals(clientId)) {
            return Optional.of(TokenError.invalidGrant("the code was issued to another client"));
        }
        if (!now.isBefore(expiresAt)) {
            return Optional.of(TokenError.invalidGrant("the code has expired"));
        }
        if (request.redirectUriGiven() && redirectUri.isEmpty()) {
            return Optional.of(TokenError.invalidRequest("redirect_uri is required: the authorization request had one"));
        }
        if (redirectUri.isPresent() && !redirectUri.get().equals(request.redirectUri())) {
            return Optional.of(TokenError.invalidGrant("redirect_uri differs from the one in the authorization request"));
        }
        if (!Pkce.matches(request.codeChallenge(), verifier)) {
            return Optional.of(TokenError.invalidGrant("code_verifier does not match the code_challenge"));
        }
        return Optional.empty();
    }

    public TokenGrant grant() {
        return new TokenGrant(request.clientId(), username, request.scopes(), request.resource());
    }
}

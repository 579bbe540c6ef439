package io.mcpdcr.domain.token;

import io.mcpdcr.domain.authorization.AuthorizationCode;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Instant;
import java.util.Optional;

/** RFC 6749 §4.1.3 and RFC 7636 §4.6: whether a token request may redeem an authorization code. */
public final class CodeRedemptionPolicy {
    private CodeRedemptionPolicy() {}

    /** Why the request may not redeem the code, if it may not; checked in the order the RFCs list the rules. */
    public static Optional<TokenError> refusal(AuthorizationCode code, ClientId clientId, Optional<String> redirectUri,
            String verifier, Instant now) {
        if (!code.request().clientId().equals(clientId)) {
            return Optional.of(TokenError.invalidGrant("the code was issued to another client"));
        }
        if (!now.isBefore(code.expiresAt())) {
            return Optional.of(TokenError.invalidGrant("the code has expired"));
        }
        if (code.request().redirectUriGiven() && redirectUri.isEmpty()) {
            return Optional.of(TokenError.invalidRequest("redirect_uri is required: the authorization request had one"));
        }
        if (redirectUri.isPresent() && !redirectUri.get().equals(code.request().redirectUri())) {
            return Optional.of(TokenError.invalidGrant("redirect_uri differs from the one in the authorization request"));
        }
        if (!Pkce.matches(code.request().codeChallenge(), verifier)) {
            return Optional.of(TokenError.invalidGrant("code_verifier does not match the code_challenge"));
        }
        return Optional.empty();
    }
}

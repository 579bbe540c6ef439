package io.mcpdcr.domain.token;

import io.mcpdcr.domain.oauth.OAuthError;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import java.util.Objects;

/** An RFC 6749 §5.2 error of the token, revocation and introspection endpoints; descriptions never echo secrets. */
public record TokenError(OAuthErrorCode code, String description) implements OAuthError {
    public TokenError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    public static TokenError invalidRequest(String description) {
        return new TokenError(OAuthErrorCode.INVALID_REQUEST, description);
    }

    /** The client is unknown or removed: clients re-register on it, so it must not stand for transient failures. */
    public static TokenError invalidClient(String description) {
        return new TokenError(OAuthErrorCode.INVALID_CLIENT, description);
    }

    public static TokenError invalidGrant(String description) {
        return new TokenError(OAuthErrorCode.INVALID_GRANT, description);
    }

    public static TokenError unauthorizedClient(String description) {
        return new TokenError(OAuthErrorCode.UNAUTHORIZED_CLIENT, description);
    }

    public static TokenError unsupportedGrantType(String description) {
        return new TokenError(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE, description);
    }

    public static TokenError invalidScope(String description) {
        return new TokenError(OAuthErrorCode.INVALID_SCOPE, description);
    }

    /** RFC 8707 §2. */
    public static TokenError invalidTarget(String description) {
        return new TokenError(OAuthErrorCode.INVALID_TARGET, description);
    }
}

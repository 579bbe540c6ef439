package io.mcpdcr.domain.authorization;

import io.mcpdcr.domain.oauth.OAuthError;
import io.mcpdcr.domain.oauth.OAuthErrorCode;
import java.util.Objects;

/**
 * An RFC 6749 §4.1.2.1 authorization error: the code the client sees and a description that names the parameter
 * and the rule broken without echoing its value.
 */
public record AuthorizationError(OAuthErrorCode code, String description) implements OAuthError {
    public AuthorizationError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    public static AuthorizationError invalidRequest(String description) {
        return new AuthorizationError(OAuthErrorCode.INVALID_REQUEST, description);
    }

    public static AuthorizationError unsupportedResponseType(String description) {
        return new AuthorizationError(OAuthErrorCode.UNSUPPORTED_RESPONSE_TYPE, description);
    }

    public static AuthorizationError invalidScope(String description) {
        return new AuthorizationError(OAuthErrorCode.INVALID_SCOPE, description);
    }

    /** RFC 8707 §2. */
    public static AuthorizationError invalidTarget(String description) {
        return new AuthorizationError(OAuthErrorCode.INVALID_TARGET, description);
    }

    public static AuthorizationError accessDenied(String description) {
        return new AuthorizationError(OAuthErrorCode.ACCESS_DENIED, description);
    }

    public static AuthorizationError unauthorizedClient(String description) {
        return new AuthorizationError(OAuthErrorCode.UNAUTHORIZED_CLIENT, description);
    }
}

package io.mcpdcr.domain.token;

/** An RFC 6749 §5.2 token endpoint error; descriptions name the parameter and never echo secrets. */
public record TokenError(String code, String description) {
    public static TokenError invalidRequest(String description) {
        return new TokenError("invalid_request", description);
    }

    /** The client is unknown or removed: clients re-register on it, so it must not stand for transient failures. */
    public static TokenError invalidClient(String description) {
        return new TokenError("invalid_client", description);
    }

    public static TokenError invalidGrant(String description) {
        return new TokenError("invalid_grant", description);
    }

    public static TokenError unauthorizedClient(String description) {
        return new TokenError("unauthorized_client", description);
    }

    public static TokenError unsupportedGrantType(String description) {
        return new TokenError("unsupported_grant_type", description);
    }

    public static TokenError invalidScope(String description) {
        return new TokenError("invalid_scope", description);
    }

    /** RFC 8707 §2. */
    public static TokenError invalidTarget(String description) {
        return new TokenError("invalid_target", description);
    }

    public boolean isInvalidClient() {
        return code.equals("invalid_client");
    }
}

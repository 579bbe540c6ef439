package io.mcpdcr.domain.authorization;

/**
 * An RFC 6749 §4.1.2.1 authorization error: the code the client sees and a description that names the parameter
 * and the rule broken without echoing its value.
 */
public record AuthorizationError(String code, String description) {
    public static AuthorizationError invalidRequest(String description) {
        return new AuthorizationError("invalid_request", description);
    }

    public static AuthorizationError unsupportedResponseType(String description) {
        return new AuthorizationError("unsupported_response_type", description);
    }

    public static AuthorizationError invalidScope(String description) {
        return new AuthorizationError("invalid_scope", description);
    }

    /** RFC 8707 §2. */
    public static AuthorizationError invalidTarget(String description) {
        return new AuthorizationError("invalid_target", description);
    }

    public static AuthorizationError accessDenied(String description) {
        return new AuthorizationError("access_denied", description);
    }

    public static AuthorizationError unauthorizedClient(String description) {
        return new AuthorizationError("unauthorized_client", description);
    }
}

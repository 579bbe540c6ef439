package io.mcpdcr.domain.oauth;

/** Every error code this server answers with, as the RFCs spell it on the wire. */
public enum OAuthErrorCode {
    /** RFC 6749 §4.1.2.1, §5.2. */
    INVALID_REQUEST("invalid_request"),
    /** RFC 6749 §5.2. */
    INVALID_CLIENT("invalid_client"),
    INVALID_GRANT("invalid_grant"),
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
    INVALID_SCOPE("invalid_scope"),
    /** RFC 6749 §4.1.2.1. */
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type"),
    ACCESS_DENIED("access_denied"),
    /** RFC 8707 §2. */
    INVALID_TARGET("invalid_target"),
    /** RFC 7591 §3.2.2. */
    INVALID_REDIRECT_URI("invalid_redirect_uri"),
    INVALID_CLIENT_METADATA("invalid_client_metadata");

    private final String wire;

    OAuthErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as sent in the {@code error} member or parameter. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}

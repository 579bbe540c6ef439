package io.mcpdcr.adapters.http;

import io.mcpdcr.domain.oauth.OAuthErrorCode;

/** The HTTP status of each error code, one table per endpoint family; the JSON body is {@link OAuthErrors}' job. */
final class ErrorStatuses {
    /** Any endpoint refusing a caller that spent its budget. */
    static final int THROTTLED = 429;

    private ErrorStatuses() {}

    /**
     * The token (RFC 6749 §5.2), revocation (RFC 7009 §2.2.1) and introspection (RFC 7662 §2.3) endpoints: invalid_client
     * is a 401, every other error a 400.
     */
    static int token(OAuthErrorCode code) {
        return code == OAuthErrorCode.INVALID_CLIENT ? 401 : 400;
    }

    /** RFC 7591 §3.2.2: every registration error is a 400. */
    static int registration(OAuthErrorCode code) {
        return 400;
    }

    /**
     * RFC 6749 §4.1.2.1: an authorization error that cannot go back to the client is shown to the user; every one is a
     * 400, since the request itself is at fault.
     */
    static int authorization(OAuthErrorCode code) {
        return 400;
    }

    /** The browser pages' own errors. */
    static int page(PageError error) {
        return switch (error) {
            case INVALID_REQUEST, NOTHING_TO_REVOKE, SIGN_IN_INTERRUPTED -> 400;
            case SESSION_EXPIRED -> 401;
            case FORM_EXPIRED, NOT_ALLOWED, SIGN_IN_REFUSED -> 403;
            case NOT_FOUND -> 404;
            case SERVER_FAILURE -> 500;
            case PROVIDER_UNAVAILABLE -> 502;
            case UNAVAILABLE -> 503;
        };
    }
}

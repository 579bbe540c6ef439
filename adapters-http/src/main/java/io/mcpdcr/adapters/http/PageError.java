package io.mcpdcr.adapters.http;

/**
 * What went wrong on a browser page that is not an OAuth error of the client's request: each kind's status is in
 * {@link ErrorStatuses#page}, and the error code, where there is one, is shown on the page for support.
 */
enum PageError {
    /** A form or URL the pages did not produce: missing, repeated or malformed fields. */
    INVALID_REQUEST(OAuthErrors.INVALID_REQUEST),
    /** The session's CSRF token is missing or wrong: an old form, or one sent from another site. */
    FORM_EXPIRED(null),
    /** The sign-in session a form belongs to has ended. */
    SESSION_EXPIRED(null),
    /** A signed-in user without the role the page needs. */
    NOT_ALLOWED(null),
    /** What an admin action names no longer exists. */
    NOT_FOUND(null),
    /** A user revoking what they never allowed, or what was revoked already. */
    NOTHING_TO_REVOKE(null),
    /** The allow rules refused a person an upstream provider vouched for. */
    SIGN_IN_REFUSED("access_denied"),
    /** A callback from an upstream provider that belongs to no live sign-in of this browser, or carries an error. */
    SIGN_IN_INTERRUPTED(null),
    /** An upstream provider cannot be reached, or its answer did not verify. */
    PROVIDER_UNAVAILABLE(null),
    /** The database cannot answer now. */
    UNAVAILABLE(OAuthErrors.TEMPORARILY_UNAVAILABLE),
    /** A failure of this server's own. */
    SERVER_FAILURE(OAuthErrors.SERVER_ERROR);

    private final String code;

    PageError(String code) {
        this.code = code;
    }

    /** The error code shown on the page, or null. */
    String code() {
        return code;
    }
}

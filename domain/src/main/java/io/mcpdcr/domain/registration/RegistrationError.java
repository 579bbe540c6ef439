package io.mcpdcr.domain.registration;

import io.mcpdcr.domain.oauth.OAuthError;
import io.mcpdcr.domain.oauth.OAuthErrorCode;

/**
 * Why a registration was refused. Codes are the RFC 7591 §3.2.2 error codes; descriptions name the field and
 * the rule broken and never echo the submitted value.
 */
public sealed interface RegistrationError extends OAuthError {
    /** A redirect URI breaks the redirect URI policy. */
    record InvalidRedirectUri(String description) implements RegistrationError {
        @Override
        public OAuthErrorCode code() {
            return OAuthErrorCode.INVALID_REDIRECT_URI;
        }
    }

    /** Any other metadata field is missing, of the wrong type or has a value the server does not accept. */
    record InvalidClientMetadata(String description) implements RegistrationError {
        @Override
        public OAuthErrorCode code() {
            return OAuthErrorCode.INVALID_CLIENT_METADATA;
        }
    }
}

package io.mcpdcr.domain.authorization;

import java.util.Optional;

/** The verdict on an authorization request. */
public sealed interface AuthorizationCheck {
    /** Every rule holds. */
    record Valid(AuthorizationRequest request) implements AuthorizationCheck {}

    /**
     * The client or its redirect URI cannot be trusted: show the error to the user and never redirect
     * (RFC 6749 §4.1.2.1), or the endpoint becomes an open redirector.
     */
    record Untrusted(AuthorizationError error) implements AuthorizationCheck {}

    /** The redirect URI is verified; send the error there (with state and iss). */
    record Refused(String redirectUri, AuthorizationError error, Optional<String> state) implements AuthorizationCheck {}
}

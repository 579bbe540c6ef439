package io.mcpdcr.domain.token;

import java.util.Objects;

/** The verdict of {@link TokenRequestPolicy} on a token request: one typed request per grant, or the error. */
public sealed interface TokenRequestCheck permits CodeGrant, RefreshGrant, TokenRequestCheck.Incomplete,
        TokenRequestCheck.Invalid {
    /** The request is refused with this error, whoever the client is. */
    record Invalid(TokenError error) implements TokenRequestCheck {}

    /**
     * The client and a supported grant are named, but a parameter of the grant is missing or malformed. The error
     * stands only once the client is known and registered for the grant: an unknown client hears invalid_client
     * first, since it has to register again whatever else it fixes.
     *
     * @param grantType the grant the request named, as clients register it
     */
    record Incomplete(ClientAuthentication client, String grantType, TokenError error) implements TokenRequestCheck {
        public Incomplete {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(grantType, "grantType");
            Objects.requireNonNull(error, "error");
        }
    }
}

package io.mcpdcr.application.port;

import io.mcpdcr.domain.identity.ExternalIdentity;
import java.net.URI;
import java.util.Optional;

/**
 * An upstream identity provider people sign in with (OpenID Connect, or GitHub's OAuth 2). It says who the person
 * is, verified; its access and refresh tokens are used once inside the adapter, never stored or handed on.
 */
public interface UpstreamProvider {
    /** The provider's name in our URLs and account names: {@code oidc} or {@code github}. */
    String id();

    /** The button's label: "Sign in with <displayName>". */
    String displayName();

    /**
     * Where to send the browser: the provider's authorization endpoint with the code flow, PKCE S256, state and
     * nonce. Empty when the provider cannot be reached (its discovery document failed), to be tried again next time.
     */
    Optional<URI> authorizationUrl(String state, String nonce, String codeChallenge, URI callback);

    /** Redeems the callback's code and verifies what the provider answers. */
    Answer exchange(String code, String codeVerifier, String nonce, URI callback);

    /** The provider's answer to a code. */
    sealed interface Answer {
        record Verified(ExternalIdentity identity) implements Answer {}

        /** The answer failed a check (an ID token's signature, issuer, audience, nonce, expiry…) or was refused. */
        record Rejected(String reason) implements Answer {}

        /** The provider could not be reached or answered with a server error. */
        record Unavailable(String reason) implements Answer {}
    }
}

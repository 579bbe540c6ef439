package io.mcpdcr.domain.token;

import java.util.Objects;
import java.util.Optional;

/** A well-formed RFC 6749 §4.1.3 token request: redeem {@code code} with its PKCE verifier (RFC 7636 §4.5). */
public record CodeGrant(ClientAuthentication client, String code, String codeVerifier, Optional<String> redirectUri,
        Optional<String> resource) implements TokenRequestCheck {
    public CodeGrant {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(resource, "resource");
    }

    /** Never the code or the verifier. */
    @Override
    public String toString() {
        return "CodeGrant[client=" + client + ", redirectUri=" + redirectUri + ", resource=" + resource + "]";
    }
}

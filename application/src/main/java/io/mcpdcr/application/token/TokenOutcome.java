package io.mcpdcr.application.token;

import io.mcpdcr.domain.token.TokenError;

/** What the token endpoint answers. */
public sealed interface TokenOutcome {
    record Issued(TokenResponse response) implements TokenOutcome {}

    record Refused(TokenError error) implements TokenOutcome {}
}

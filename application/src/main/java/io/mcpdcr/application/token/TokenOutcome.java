package io.mcpdcr.application.token;

import io.mcpdcr.domain.token.TokenError;
import java.time.Duration;

/** What the token endpoint answers. */
public sealed interface TokenOutcome {
    record Issued(TokenResponse response) implements TokenOutcome {}

    record Refused(TokenError error) implements TokenOutcome {}

    /** The client is a metadata document not fetched before, and fetching it would be one registration too many. */
    record Throttled(Duration retryAfter) implements TokenOutcome {}
}

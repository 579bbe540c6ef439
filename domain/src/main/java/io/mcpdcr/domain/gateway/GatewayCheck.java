package io.mcpdcr.domain.gateway;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.token.TokenGrant;

/** What {@link GatewayAccessPolicy} says of a stored token presented at a route. */
public sealed interface GatewayCheck {
    record Allowed(TokenGrant grant) implements GatewayCheck {}

    /** RFC 6750 §3.1 invalid_token: the token may not be used here at all. */
    record InvalidToken(Reason reason) implements GatewayCheck {}

    /** RFC 6750 §3.1 insufficient_scope: the token is good here but lacks scopes the route requires. */
    record InsufficientScope(ScopeSet required) implements GatewayCheck {}

    /** Why a token was refused: a fixed set, so it can be counted and audited. */
    enum Reason {
        UNKNOWN,
        EXPIRED,
        WRONG_AUDIENCE
    }
}

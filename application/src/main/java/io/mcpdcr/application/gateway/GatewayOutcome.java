package io.mcpdcr.application.gateway;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.gateway.GatewayCheck;

/** What the gateway does with a call: forward it on behalf of a user, or answer a challenge. */
public sealed interface GatewayOutcome {
    record Allowed(String username, String clientId, ScopeSet scopes) implements GatewayOutcome {}

    /** No bearer token was sent: 401 without an error code. */
    record NoToken() implements GatewayOutcome {}

    /** 401 invalid_token. */
    record InvalidToken(GatewayCheck.Reason reason) implements GatewayOutcome {}

    /** 403 insufficient_scope. */
    record InsufficientScope(ScopeSet required) implements GatewayOutcome {}
}

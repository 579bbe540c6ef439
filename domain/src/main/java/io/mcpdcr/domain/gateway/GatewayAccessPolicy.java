package io.mcpdcr.domain.gateway;

import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.AudiencePolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an access token may call a protected resource. The audience must equal the resource identifier
 * ({@link AudiencePolicy#accepts}, the rule every consumer of tokens shares): MCP
 * authorization (and RFC 8707) forbids accepting a token issued for another resource, and a token issued without a
 * resource is meant for no resource in particular, so the gateway refuses it too. Then every required scope must have
 * been granted.
 */
public final class GatewayAccessPolicy {
    public GatewayCheck check(Optional<AccessToken> stored, ProtectedResource resource, Instant now) {
        if (stored.isEmpty()) {
            return new GatewayCheck.InvalidToken(GatewayCheck.Reason.UNKNOWN);
        }
        AccessToken token = stored.get();
        if (!token.isActiveAt(now)) {
            return new GatewayCheck.InvalidToken(GatewayCheck.Reason.EXPIRED);
        }
        if (!AudiencePolicy.accepts(Optional.of(resource.identifier()), token)) {
            return new GatewayCheck.InvalidToken(GatewayCheck.Reason.WRONG_AUDIENCE);
        }
        if (!token.grant().scopes().containsAll(resource.requiredScopes())) {
            return new GatewayCheck.InsufficientScope(resource.requiredScopes());
        }
        return new GatewayCheck.Allowed(token.grant());
    }
}

package io.mcpdcr.application.gateway;

import io.mcpdcr.domain.gateway.BearerToken;
import io.mcpdcr.domain.gateway.GatewayAccessPolicy;
import io.mcpdcr.domain.gateway.GatewayCheck;
import io.mcpdcr.domain.gateway.ProtectedResource;
import io.mcpdcr.domain.token.OpaqueToken;
import java.time.InstantSource;

/**
 * The token check in front of every gateway call, in process: a lookup by hash through {@link GatewayTokenCache}, so a
 * token revoked on this instance is refused on the very next request, one revoked elsewhere within
 * {@link GatewayTokenCache#STALENESS_BOUND}, and an expired one from its expiry on. Refused tokens are tallied for the
 * audit trail, not audited one by one.
 */
public final class AuthorizeGatewayCall {
    private final GatewayTokenCache tokens;
    private final GatewayAccessPolicy policy;
    private final InstantSource clock;
    private final RefusedTokenTally refusals;

    public AuthorizeGatewayCall(GatewayTokenCache tokens, GatewayAccessPolicy policy, InstantSource clock,
            RefusedTokenTally refusals) {
        this.tokens = tokens;
        this.policy = policy;
        this.clock = clock;
        this.refusals = refusals;
    }

    /** The reason a good token is refused, beside {@link GatewayCheck.Reason}'s for tokens that are no good here. */
    private enum RefusedForScope {
        INSUFFICIENT_SCOPE
    }

    public GatewayOutcome authorize(ProtectedResource resource, BearerToken bearer) {
        if (bearer instanceof BearerToken.Absent) {
            return new GatewayOutcome.NoToken();
        }
        if (!(bearer instanceof BearerToken.Present present)) {
            refusals.add(resource.route().path(), GatewayCheck.Reason.UNKNOWN);
            return new GatewayOutcome.InvalidToken(GatewayCheck.Reason.UNKNOWN);
        }
        GatewayCheck check = policy.check(tokens.findAccessForGateway(OpaqueToken.hash(present.value())), resource,
                clock.instant());
        if (check instanceof GatewayCheck.Allowed allowed) {
            return new GatewayOutcome.Allowed(allowed.grant().username(), allowed.grant().clientId().value(),
                    allowed.grant().scopes());
        }
        if (check instanceof GatewayCheck.InvalidToken invalid) {
            refusals.add(resource.route().path(), invalid.reason());
            return new GatewayOutcome.InvalidToken(invalid.reason());
        }
        var insufficient = (GatewayCheck.InsufficientScope) check;
        refusals.add(resource.route().path(), RefusedForScope.INSUFFICIENT_SCOPE);
        return new GatewayOutcome.InsufficientScope(insufficient.required());
    }
}

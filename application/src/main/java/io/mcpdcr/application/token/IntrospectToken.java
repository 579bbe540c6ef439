package io.mcpdcr.application.token;

import io.mcpdcr.application.port.ResourceServerRegistry;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.token.AccessToken;
import io.mcpdcr.domain.token.IntrospectionRequest;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.ResourceServer;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /o/introspect} (RFC 7662) for resource servers holding credentials from {@code resource-servers add}.
 * Only live access tokens meant for the caller are active; everything else is inactive, with no detail.
 */
public final class IntrospectToken {
    private final ResourceServerRegistry resourceServers;
    private final TokenStore tokens;
    private final InstantSource clock;

    public IntrospectToken(ResourceServerRegistry resourceServers, TokenStore tokens, InstantSource clock) {
        this.resourceServers = resourceServers;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Outcome introspect(IntrospectionRequest request) {
        Optional<ResourceServer> caller =
                resourceServers.authenticate(request.caller().id(), request.caller().secret());
        if (caller.isEmpty()) {
            return new Outcome.Unauthorized();
        }
        return tokens.findAccess(OpaqueToken.hash(request.token()))
                .filter(access -> access.isActiveAt(clock.instant()))
                .filter(access -> caller.get().mayInspect(access))
                .<Outcome>map(Outcome.Active::new)
                .orElseGet(Outcome.Inactive::new);
    }

    public sealed interface Outcome {
        record Active(AccessToken token) implements Outcome {}

        record Inactive() implements Outcome {}

        /** The caller's credentials are wrong. */
        record Unauthorized() implements Outcome {}
    }
}

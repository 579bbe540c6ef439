package io.mcpdcr.adapters.http.gateway;

import io.mcpdcr.application.gateway.GatewayOutcome;
import io.mcpdcr.domain.gateway.ProtectedResource;

/** A call the gateway let through: where it goes, on whose behalf, and from which client address. */
record ForwardedCall(ProtectedResource resource, String upstreamPath, GatewayOutcome.Allowed caller,
        String clientAddress) {
    static final String ATTRIBUTE = ForwardedCall.class.getName();

    String route() {
        return resource.route().path();
    }
}

package io.mcpdcr.adapters.http.gateway;

import io.mcpdcr.domain.gateway.ProtectedResource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The MCP gateway's routes and limits; no routes means no gateway.
 *
 * @param timeout how long connecting to an upstream, and then waiting for its response headers, may take; a stream
 *     that has started is never cut by it
 * @param sharedSecret sent to every upstream in {@link #SHARED_SECRET_HEADER}, for upstreams that cannot restrict who
 *     reaches them
 */
public record GatewaySettings(List<ProtectedResource> resources, Duration timeout, Optional<String> sharedSecret) {
    public static final String SHARED_SECRET_HEADER = "X-Gateway-Secret";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public GatewaySettings {
        resources = List.copyOf(resources);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(sharedSecret, "sharedSecret");
    }

    public static GatewaySettings off() {
        return new GatewaySettings(List.of(), DEFAULT_TIMEOUT, Optional.empty());
    }

    public boolean enabled() {
        return !resources.isEmpty();
    }
}
